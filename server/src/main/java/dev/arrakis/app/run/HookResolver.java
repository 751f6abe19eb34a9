package dev.arrakis.app.run;

import java.util.Collection;
import java.util.List;

import dev.arrakis.app.web.InvalidFieldProblem;
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
				throw new InvalidFieldProblem(entry, entry + " is empty: give a hook name or pattern");
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
		return HookName.nearest(text, catalogue, SUGGESTIONS);
	}

}
