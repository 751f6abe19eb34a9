package dev.arrakis.bench.definition;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The model an experiment runs on.
 *
 * @param name the model's name, e.g. {@code gpt2}
 * @param weightsHash a hash of its weights and config, or null when not pinned
 */
public record ModelRef(String name, @Nullable String weightsHash) {

	public ModelRef {
		name = Objects.requireNonNullElse(name, "");
	}

}
