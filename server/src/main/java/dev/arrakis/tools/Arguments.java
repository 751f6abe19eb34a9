package dev.arrakis.tools;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.causal.Intervention;
import dev.arrakis.tools.readwrite.Direction;
import dev.arrakis.tools.surgery.SurgeryPlan;

/**
 * The parameters of one call by name ({@link InterpretabilityTool#invoke}): JSON values
 * as Jackson parses them (Map, List, String, Integer, Long, BigInteger, Double, Boolean),
 * checked against the method's {@link ParamSpec}s and read with typed accessors. Unknown
 * names are rejected, required ones must be there, and an absent optional one (or a JSON
 * null) takes its default, which is parsed as JSON when it parses ({@code "5"},
 * {@code "[]"}, {@code "true"}) and is a plain string otherwise ({@code "zero"},
 * {@code "loss"}). Structured values have the forms {@link JsonForms} documents. Every
 * error is an {@link IllegalArgumentException} naming the parameter, e.g.
 * {@code params.layer}, and what is allowed; range checks (a layer in [0, n_layers)) stay
 * with the tools.
 */
public final class Arguments {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String method;

	private final Map<String, ParamSpec> specs = new HashMap<>();

	private final Map<String, Object> values = new HashMap<>();

	private Arguments(String where, ToolMethod method, Map<String, ?> params) {
		this.method = method.name();
		method.params().forEach(spec -> this.specs.put(spec.name(), spec));
		List<String> names = method.params().stream().map(ParamSpec::name).toList();
		TreeSet<String> unknown = new TreeSet<>(params.keySet());
		names.forEach(unknown::remove);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("%s %s of %s; its parameters are %s".formatted(
					String.join(", ", unknown.stream().map(Arguments::path).toList()),
					unknown.size() == 1 ? "is not a parameter" : "are not parameters", where, names));
		}
		for (ParamSpec spec : method.params()) {
			Object value = params.get(spec.name());
			String defaultValue = spec.defaultValue();
			if (value == null && defaultValue == null) {
				throw new IllegalArgumentException("params.%s is missing: %s requires %s (%s: %s)"
					.formatted(spec.name(), where, required(method), spec.type(), spec.unit()));
			}
			this.values.put(spec.name(), value != null ? value : parseDefault(defaultValue));
		}
	}

	/**
	 * The arguments of {@code tool}'s method {@code method}.
	 * @throws IllegalArgumentException if the tool has no such method (listing its
	 * methods), or the parameters do not fit it
	 */
	public static Arguments of(InterpretabilityTool tool, String method, Map<String, ?> params) {
		List<ToolMethod> methods = tool.methods();
		ToolMethod described = methods.stream()
			.filter(candidate -> candidate.name().equals(method))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("tool '%s' has no method '%s'; its methods are %s"
				.formatted(tool.key(), method, methods.stream().map(ToolMethod::name).toList())));
		return new Arguments(tool.key() + "." + method, described, params);
	}

	/** The arguments of {@code method}. */
	public static Arguments of(ToolMethod method, Map<String, ?> params) {
		return new Arguments(method.name(), method, params);
	}

	/** The method these arguments are for. */
	public String method() {
		return this.method;
	}

	/**
	 * What a tool's {@code invoke} throws for a method it describes but does not
	 * dispatch: a bug in the tool, not in the request.
	 */
	public IllegalStateException notDispatched() {
		return new IllegalStateException(
				"method '%s' is described but not dispatched by invoke".formatted(this.method));
	}

	public int integer(String name) {
		return JsonValues.integer(path(name), value(name));
	}

	/** A list of ints, e.g. class labels. */
	public int[] integers(String name) {
		return JsonValues.integers(path(name), value(name));
	}

	public long longValue(String name) {
		return JsonValues.longValue(path(name), value(name));
	}

	public double real(String name) {
		return JsonValues.real(path(name), value(name));
	}

	public boolean bool(String name) {
		return JsonValues.bool(path(name), value(name));
	}

	public String string(String name) {
		return JsonValues.string(path(name), value(name));
	}

	/** A string naming one of {@code type}'s constants, case-insensitively. */
	public <E extends Enum<E>> E choice(String name, Class<E> type) {
		String text = string(name);
		E[] constants = type.getEnumConstants();
		for (E constant : constants) {
			if (constant.name().equalsIgnoreCase(text)) {
				return constant;
			}
		}
		throw new IllegalArgumentException("%s: %s is not one of %s (case-insensitive)".formatted(path(name),
				JsonValues.describe(text), Arrays.stream(constants).map(c -> c.name().toLowerCase()).toList()));
	}

	/** One sequence of token ids. */
	public long[] tokens(String name) {
		return JsonValues.tokens(path(name), value(name));
	}

	/** A list of token sequences (a dataset). */
	public List<long[]> tokenLists(String name) {
		return JsonValues.tokenLists(path(name), value(name));
	}

	/** Heads in the form of {@link JsonForms#HEADS}. */
	public List<Head> heads(String name) {
		return JsonForms.heads(path(name), value(name));
	}

	/** A metric in the form of {@link JsonForms#METRIC}. */
	public Metric metric(String name) {
		return JsonForms.metric(path(name), value(name));
	}

	/** A direction in the form of {@link JsonForms#DIRECTION}. */
	public Direction direction(String name) {
		return JsonForms.direction(path(name), value(name));
	}

	/** A surgery plan in the form of {@link JsonForms#SURGERY_PLAN}. */
	public SurgeryPlan surgeryPlan(String name) {
		return JsonForms.surgeryPlan(path(name), value(name));
	}

	/** Interventions in the form of {@link JsonForms#INTERVENTIONS}. */
	public List<Intervention> interventions(String name) {
		return JsonForms.interventions(path(name), value(name));
	}

	/** The JSON value of {@code name}: the one given, or the parsed default. */
	Object value(String name) {
		if (!this.specs.containsKey(name)) {
			throw new IllegalStateException(
					"method '%s' reads parameter '%s', which it does not describe".formatted(this.method, name));
		}
		return this.values.get(name);
	}

	private static String path(String name) {
		return "params." + name;
	}

	private static List<String> required(ToolMethod method) {
		return method.params().stream().filter(spec -> spec.defaultValue() == null).map(ParamSpec::name).toList();
	}

	/** A default as JSON when it parses as JSON, else the plain string. */
	static Object parseDefault(String text) {
		try {
			@Nullable Object parsed = JSON.readValue(text, Object.class);
			return parsed != null ? parsed : text;
		}
		catch (JacksonException ex) {
			return text;
		}
	}

}
