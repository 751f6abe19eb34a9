package dev.arrakis.bench.definition;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an experiment runs on: any of prompts, token lists and a named dataset.
 *
 * @param prompts text prompts
 * @param tokens token-id sequences
 * @param dataset the name of a dataset, or null
 */
public record Inputs(List<String> prompts, List<long[]> tokens, @Nullable String dataset) {

	/** No inputs at all. */
	public static final Inputs NONE = new Inputs(List.of(), List.of(), null);

	public Inputs {
		prompts = List.copyOf(Objects.requireNonNullElse(prompts, List.of()));
		tokens = List.copyOf(Objects.requireNonNullElse(tokens, List.of()));
	}

	/** Whether there is nothing to run on. */
	public boolean containsNothing() {
		return this.prompts.isEmpty() && this.tokens.isEmpty() && (this.dataset == null || this.dataset.isBlank());
	}

}
