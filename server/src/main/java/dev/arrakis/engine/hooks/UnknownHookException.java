package dev.arrakis.engine.hooks;

import org.jspecify.annotations.Nullable;

/** A hook name that is not in the model's catalogue; carries the closest name that is. */
public class UnknownHookException extends IllegalArgumentException {

	private final String name;

	private final @Nullable String closest;

	public UnknownHookException(String name, @Nullable String closest, String why) {
		super("Unknown hook '%s': %s%s".formatted(name, why,
				closest == null ? "" : "; did you mean '" + closest + "'?"));
		this.name = name;
		this.closest = closest;
	}

	public String name() {
		return this.name;
	}

	public @Nullable String closest() {
		return this.closest;
	}

}
