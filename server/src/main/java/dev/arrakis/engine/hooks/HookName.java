package dev.arrakis.engine.hooks;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A hook point at a layer, e.g. {@code blocks.3.attn.hook_pattern}; {@code layer} is -1
 * for model-level points. The only place hook names are built or parsed.
 */
public record HookName(HookPoint point, int layer) {

	private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");

	/**
	 * The original Arrakis names: {@code h.L...} (GPT-2, GPT-Neo) or {@code layers.L...}
	 * (the rest).
	 */
	private static final Pattern ARRAKIS = Pattern.compile("(?:h|layers)\\.(\\d+)\\.(.+)");

	private static final Map<String, HookPoint> ARRAKIS_SUFFIXES = Map.of("hook_resid_pre", HookPoint.RESID_PRE,
			"hook_resid_post", HookPoint.RESID_POST, "mlp.hook_result_pre", HookPoint.LN2_NORMALIZED,
			"mlp.hook_result_post", HookPoint.MLP_OUT, "attn.hook_result_pre", HookPoint.LN1_NORMALIZED,
			"attn.hook_result_post", HookPoint.ATTN_OUT, "self_attn.hook_result_pre", HookPoint.LN1_NORMALIZED,
			"self_attn.hook_result_post", HookPoint.ATTN_OUT, "attention.hook_result_pre", HookPoint.LN1_NORMALIZED,
			"attention.hook_result_post", HookPoint.ATTN_OUT);

	public HookName {
		if (point.perBlock() && layer < 0) {
			throw new IllegalArgumentException(point.suffix() + " needs a layer");
		}
		if (!point.perBlock() && layer != -1) {
			throw new IllegalArgumentException(point.suffix() + " is model-level and takes no layer");
		}
	}

	public static HookName of(HookPoint point, int layer) {
		return new HookName(point, layer);
	}

	public static HookName of(HookPoint point) {
		return new HookName(point, -1);
	}

	public static HookName residPre(int layer) {
		return new HookName(HookPoint.RESID_PRE, layer);
	}

	public static HookName residPost(int layer) {
		return new HookName(HookPoint.RESID_POST, layer);
	}

	public static HookName pattern(int layer) {
		return new HookName(HookPoint.PATTERN, layer);
	}

	/**
	 * Parses a TransformerLens name or an original Arrakis alias
	 * ({@code h.0.hook_resid_pre}, {@code layers.2.mlp.hook_result_post}). Does not check
	 * the layer against a model: see {@link #parse(String, Collection)}.
	 */
	public static Optional<HookName> tryParse(String text) {
		String name = text.trim();
		Matcher block = BLOCK.matcher(name);
		if (block.matches()) {
			return HookPoint.bySuffix(block.group(2), true).map(p -> new HookName(p, layerOf(block)));
		}
		Matcher arrakis = ARRAKIS.matcher(name);
		if (arrakis.matches()) {
			HookPoint point = ARRAKIS_SUFFIXES.get(arrakis.group(2));
			return Optional.ofNullable(point).map(p -> new HookName(p, layerOf(arrakis)));
		}
		return HookPoint.bySuffix(name, false).map(HookName::of);
	}

	/**
	 * Parses {@code text} and checks it against a model's catalogue.
	 * @throws UnknownHookException naming the closest catalogue entry
	 */
	public static HookName parse(String text, Collection<HookName> catalogue) {
		Optional<HookName> parsed = tryParse(text);
		if (parsed.isPresent() && catalogue.contains(parsed.get())) {
			return parsed.get();
		}
		String why = parsed.isPresent() ? "this model has no such hook point" : "not a hook name";
		throw new UnknownHookException(text, closest(text, catalogue), why);
	}

	static @Nullable String closest(String text, Collection<HookName> catalogue) {
		return catalogue.stream()
			.map(HookName::toString)
			.min(Comparator.comparingInt(candidate -> editDistance(text, candidate)))
			.orElse(null);
	}

	/**
	 * The {@code limit} hook names of {@code catalogue} nearest {@code text} by edit
	 * distance, nearest first (ties alphabetically): suggestions for a misspelt name.
	 */
	public static List<String> nearest(String text, Collection<HookName> catalogue, int limit) {
		return catalogue.stream()
			.map(HookName::toString)
			.sorted(Comparator.comparingInt((String candidate) -> editDistance(text, candidate))
				.thenComparing(Comparator.naturalOrder()))
			.limit(limit)
			.toList();
	}

	private static int layerOf(Matcher matcher) {
		try {
			return Integer.parseInt(matcher.group(1));
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

	static int editDistance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	@Override
	public String toString() {
		return this.point.perBlock() ? "blocks." + this.layer + "." + this.point.suffix() : this.point.suffix();
	}

}
