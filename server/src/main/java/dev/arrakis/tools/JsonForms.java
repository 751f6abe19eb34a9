package dev.arrakis.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.causal.Intervention;
import dev.arrakis.tools.readwrite.Direction;
import dev.arrakis.tools.surgery.SurgeryPlan;

/**
 * The JSON forms of the structured parameter types ({@code head[]}, {@code metric},
 * {@code direction}, {@code surgery_plan}, {@code intervention[]}): each form's text,
 * which tools put in their {@link ParamSpec#unit()}, next to the code that reads it, so
 * the two cannot drift apart. Objects say what they are with {@code "kind"} where one
 * type has several forms.
 */
public final class JsonForms {

	/** {@code head[]}: objects or labels. */
	public static final String HEADS = "a list of heads, each {\"layer\": l, \"head\": h} or a label such as \"L1H0\"";

	/** {@code metric}: see {@link Metric}. */
	public static final String METRIC = "\"loss\" (mean next-token cross-entropy in nats over every prediction) | "
			+ "{\"kind\": \"loss\", \"from\": f, \"to\": t} (over the predictions at positions [from, to)) | "
			+ "{\"kind\": \"logit_diff\", \"position\": p, \"correctToken\": c, \"incorrectToken\": i} "
			+ "(logit[c] - logit[i] at position p)";

	/** {@code direction}: see {@link Direction}. */
	public static final String DIRECTION = "{\"tokenId\": t} = W_U[:, t] | {\"tokenId\": t, \"otherTokenId\": o} = "
			+ "W_U[:, t] - W_U[:, o] | {\"vector\": [d_model non-zero numbers], \"label\": \"a name\" (optional)}; "
			+ "normalised to unit length";

	/** {@code surgery_plan}: see {@link SurgeryPlan}. */
	public static final String SURGERY_PLAN = "{\"kind\": \"delete_blocks\", \"layers\": [l, ...]} | "
			+ "{\"kind\": \"permute_blocks\", \"order\": [a permutation of 0..n_layers-1]} | "
			+ "{\"kind\": \"replace_block\", \"target\": l, \"source\": l} (block target gets block source's weights); "
			+ "layer indices in [0, n_layers)";

	/** {@code intervention[]}: see {@link Intervention}. */
	public static final String INTERVENTIONS = "a list, at least one, of {\"kind\": \"neuron_value\", \"layer\": l, "
			+ "\"neuron\": n, \"position\": p, \"value\": v} | {\"kind\": \"neuron_scale\", \"layer\": l, "
			+ "\"neuron\": n, \"position\": p, \"factor\": f} | {\"kind\": \"head_scale\", \"layer\": l, "
			+ "\"head\": h, \"position\": p, \"factor\": f}; position -1 (the default) is every position; "
			+ "factor 0 is zero ablation";

	private static final Pattern HEAD_LABEL = Pattern.compile("L(\\d{1,9})H(\\d{1,9})");

	private static final String ONE_HEAD = "a head: {\"layer\": l, \"head\": h} or a label such as \"L1H0\"";

	private JsonForms() {
	}

	static List<Head> heads(String path, @Nullable Object value) {
		List<?> list = JsonValues.list(path, value, HEADS);
		List<Head> heads = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			heads.add(head(path + "[" + i + "]", list.get(i)));
		}
		return heads;
	}

	private static Head head(String path, @Nullable Object value) {
		if (value instanceof String label) {
			Matcher matcher = HEAD_LABEL.matcher(label);
			if (!matcher.matches()) {
				throw JsonValues.notA(path, value, ONE_HEAD);
			}
			return new Head(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
		}
		Map<?, ?> object = JsonValues.object(path, value, Set.of("layer", "head"), ONE_HEAD);
		return new Head(JsonValues.integer(path + ".layer", JsonValues.field(path, object, "layer", ONE_HEAD)),
				JsonValues.integer(path + ".head", JsonValues.field(path, object, "head", ONE_HEAD)));
	}

	static Metric metric(String path, @Nullable Object value) {
		if ("loss".equals(value)) {
			return Metric.loss();
		}
		String kind = kind(path, value, "a metric", METRIC, "loss", "logit_diff");
		Map<?, ?> object = (Map<?, ?>) value;
		if (kind.equals("loss")) {
			JsonValues.object(path, object, Set.of("kind", "from", "to"), METRIC);
			if (object.get("from") == null && object.get("to") == null) {
				return Metric.loss();
			}
			if (object.get("from") == null || object.get("to") == null) {
				throw new IllegalArgumentException(
						"%s: a loss over a range needs both from and to, or neither (%s)".formatted(path, METRIC));
			}
			return Metric.loss(JsonValues.integer(path + ".from", object.get("from")),
					JsonValues.integer(path + ".to", object.get("to")));
		}
		JsonValues.object(path, object, Set.of("kind", "position", "correctToken", "incorrectToken"), METRIC);
		return Metric.logitDifference(integerField(path, object, "position", METRIC),
				longField(path, object, "correctToken", METRIC), longField(path, object, "incorrectToken", METRIC));
	}

	static Direction direction(String path, @Nullable Object value) {
		Map<?, ?> object = JsonValues.object(path, value, Set.of("tokenId", "otherTokenId", "vector", "label"),
				"a direction: " + DIRECTION);
		if (object.containsKey("vector")) {
			JsonValues.object(path, object, Set.of("vector", "label"), "a direction: " + DIRECTION);
			String label = object.get("label") == null ? "explicit vector"
					: JsonValues.string(path + ".label", object.get("label"));
			return Direction.of(label, JsonValues.floats(path + ".vector", object.get("vector")));
		}
		JsonValues.object(path, object, Set.of("tokenId", "otherTokenId"), "a direction: " + DIRECTION);
		long tokenId = longField(path, object, "tokenId", DIRECTION);
		return object.get("otherTokenId") == null ? Direction.token(tokenId) : Direction.difference(tokenId,
				JsonValues.longValue(path + ".otherTokenId", object.get("otherTokenId")));
	}

	static SurgeryPlan surgeryPlan(String path, @Nullable Object value) {
		String kind = kind(path, value, "a surgery plan", SURGERY_PLAN, "delete_blocks", "permute_blocks",
				"replace_block");
		Map<?, ?> object = (Map<?, ?>) value;
		return switch (kind) {
			case "delete_blocks" -> {
				JsonValues.object(path, object, Set.of("kind", "layers"), SURGERY_PLAN);
				yield SurgeryPlan.deleteBlocks(JsonValues.integerList(path + ".layers",
						JsonValues.field(path, object, "layers", SURGERY_PLAN)));
			}
			case "permute_blocks" -> {
				JsonValues.object(path, object, Set.of("kind", "order"), SURGERY_PLAN);
				yield SurgeryPlan.permuteBlocks(
						JsonValues.integerList(path + ".order", JsonValues.field(path, object, "order", SURGERY_PLAN)));
			}
			default -> {
				JsonValues.object(path, object, Set.of("kind", "target", "source"), SURGERY_PLAN);
				yield SurgeryPlan.replaceBlock(integerField(path, object, "target", SURGERY_PLAN),
						integerField(path, object, "source", SURGERY_PLAN));
			}
		};
	}

	static List<Intervention> interventions(String path, @Nullable Object value) {
		List<?> list = JsonValues.list(path, value, INTERVENTIONS);
		List<Intervention> interventions = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			interventions.add(intervention(path + "[" + i + "]", list.get(i)));
		}
		return interventions;
	}

	private static Intervention intervention(String path, @Nullable Object value) {
		String kind = kind(path, value, "an intervention", INTERVENTIONS, "neuron_value", "neuron_scale", "head_scale");
		Map<?, ?> object = (Map<?, ?>) value;
		String unit = kind.equals("neuron_value") ? "value" : "factor";
		String component = kind.equals("head_scale") ? "head" : "neuron";
		JsonValues.object(path, object, Set.of("kind", "layer", component, "position", unit), INTERVENTIONS);
		int layer = integerField(path, object, "layer", INTERVENTIONS);
		int index = integerField(path, object, component, INTERVENTIONS);
		int position = object.get("position") == null ? Intervention.ALL_POSITIONS
				: JsonValues.integer(path + ".position", object.get("position"));
		double number = JsonValues.real(path + "." + unit, JsonValues.field(path, object, unit, INTERVENTIONS));
		return switch (kind) {
			case "neuron_value" -> new Intervention.NeuronValue(layer, index, position, number);
			case "neuron_scale" -> new Intervention.NeuronScale(layer, index, position, number);
			default -> new Intervention.HeadScale(layer, index, position, number);
		};
	}

	/**
	 * The {@code "kind"} of an object that must be one of {@code kinds}.
	 * @param noun what the object is, e.g. {@code a metric}, for the error
	 * @param forms the JSON forms allowed, for the error
	 */
	private static String kind(String path, @Nullable Object value, String noun, String forms, String... kinds) {
		if (!(value instanceof Map<?, ?> object)) {
			throw JsonValues.notA(path, value, noun + ": " + forms);
		}
		Object kind = JsonValues.field(path, object, "kind", "one of " + List.of(kinds) + "; " + forms);
		if (!List.of(kinds).contains(kind)) {
			throw new IllegalArgumentException("%s.kind: %s is not one of %s (%s)".formatted(path,
					JsonValues.describe(kind), List.of(kinds), forms));
		}
		return (String) kind;
	}

	private static int integerField(String path, Map<?, ?> object, String key, String forms) {
		return JsonValues.integer(path + "." + key, JsonValues.field(path, object, key, forms));
	}

	private static long longField(String path, Map<?, ?> object, String key, String forms) {
		return JsonValues.longValue(path + "." + key, JsonValues.field(path, object, key, forms));
	}

}
