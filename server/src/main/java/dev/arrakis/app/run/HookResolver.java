package dev.arrakis.app.run;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.UnknownHookException;

/**
 * Resolves hook names and patterns against a model's hooks, or reports the closest hook
 * names by edit distance.
 */
public final class HookResolver {

	private static final int SUGGESTIONS = 3;

	private HookResolver() {
	}

	/**
	 * The hooks (in execution order) that {@code patterns} match.
	 * @param field the JSON path of the list, e.g. {@code hooks}
	 * @throws UnknownHookProblem for a name or pattern that matches nothing
	 */
	public static List<HookName> resolve(List<String> patterns, List<HookName> catalogue, String field) {
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			String entry = "%s[%d]".formatted(field, i);
			if (pattern == null || pattern.isBlank()) {
				throw new InvalidRunRequestException(entry, entry + " is empty: give a hook name or pattern");
			}
			try {
				HookFilter.requireMatches(List.of(pattern), catalogue);
			}
			catch (UnknownHookException ex) {
				String why = pattern.contains("*") ? "the pattern matches no hook of this model"
						: HookName.tryParse(pattern).isPresent() ? "this model has no such hook" : "not a hook name";
				throw new UnknownHookProblem(entry, pattern, why, closest(pattern, catalogue));
			}
		}
		HookFilter filter = HookFilter.parse(patterns);
		return catalogue.stream().filter(filter).toList();
	}

	/** The hook names nearest {@code text} by edit distance, nearest first. */
	static List<String> closest(String text, Collection<HookName> catalogue) {
		return catalogue.stream()
			.map(HookName::toString)
			.sorted(Comparator.comparingInt((String candidate) -> editDistance(text, candidate))
				.thenComparing(Comparator.naturalOrder()))
			.limit(SUGGESTIONS)
			.toList();
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

}
