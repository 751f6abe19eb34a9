package dev.arrakis.engine.hooks;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which hook points a call caches. Parsed from names and globs ({@code *} matches within
 * one dotted segment, {@code **} across segments), e.g.
 * {@code blocks.*.attn.hook_pattern}; Arrakis aliases are accepted as exact names.
 */
public final class HookFilter implements Predicate<HookName> {

	private static final HookFilter ALL = new HookFilter(name -> true, "*");

	private static final HookFilter NONE = new HookFilter(name -> false, "none");

	private final Predicate<HookName> predicate;

	private final String description;

	private HookFilter(Predicate<HookName> predicate, String description) {
		this.predicate = predicate;
		this.description = description;
	}

	public static HookFilter all() {
		return ALL;
	}

	public static HookFilter none() {
		return NONE;
	}

	public static HookFilter of(Predicate<HookName> predicate) {
		return new HookFilter(predicate, "predicate");
	}

	/** A comma-separated list of names and globs. */
	public static HookFilter parse(String patterns) {
		return parse(List.of(patterns.split(",")));
	}

	/**
	 * Names and globs. A pattern that matches nothing in {@code catalogue} is an
	 * {@link UnknownHookException} when checked through {@link #requireMatches}.
	 */
	public static HookFilter parse(Collection<String> patterns) {
		List<Predicate<HookName>> parts = patterns.stream()
			.map(String::trim)
			.filter(p -> !p.isEmpty())
			.map(HookFilter::part)
			.toList();
		return new HookFilter(name -> parts.stream().anyMatch(p -> p.test(name)), String.join(",", patterns));
	}

	/**
	 * Checks every comma-separated pattern matches at least one hook of the catalogue.
	 */
	public static void requireMatches(Collection<String> patterns, Collection<HookName> catalogue) {
		for (String pattern : patterns) {
			Predicate<HookName> part = part(pattern.trim());
			if (catalogue.stream().noneMatch(part)) {
				String why = pattern.contains("*") ? "the pattern matches no hook point of this model"
						: HookName.tryParse(pattern).isPresent() ? "this model has no such hook point"
								: "not a hook name";
				throw new UnknownHookException(pattern.trim(), HookName.closest(pattern.trim(), catalogue), why);
			}
		}
	}

	@Override
	public boolean test(HookName name) {
		return this.predicate.test(name);
	}

	private static Predicate<HookName> part(String pattern) {
		if (!pattern.contains("*")) {
			return HookName.tryParse(pattern).<Predicate<HookName>>map(exact -> exact::equals).orElse(name -> false);
		}
		Pattern regex = Pattern.compile(List.of(pattern.split("\\*\\*", -1))
			.stream()
			.map(piece -> List.of(piece.split("\\*", -1))
				.stream()
				.map(Pattern::quote)
				.collect(Collectors.joining("[^.]*")))
			.collect(Collectors.joining(".*")));
		return name -> regex.matcher(name.toString()).matches();
	}

	@Override
	public String toString() {
		return this.description;
	}

}
