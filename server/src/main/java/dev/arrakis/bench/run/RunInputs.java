package dev.arrakis.bench.run;

import java.util.ArrayList;
import java.util.List;

import dev.arrakis.bench.definition.Inputs;
import dev.arrakis.engine.tokenizer.Tokenizer;
import org.jspecify.annotations.Nullable;

/**
 * An experiment's inputs as token sequences, in the order: prompts (encoded with the
 * model's tokenizer), token lists, then the dataset's sequences.
 *
 * @param tokens every sequence
 */
public record RunInputs(List<long[]> tokens) {

	public RunInputs {
		tokens = List.copyOf(tokens);
	}

	/**
	 * Resolves {@code inputs} for a model.
	 * @throws IllegalArgumentException for prompts on a model without a tokenizer, an
	 * unknown dataset, or no sequence at all
	 */
	public static RunInputs resolve(Inputs inputs, @Nullable Tokenizer tokenizer, DatasetSource datasets) {
		List<long[]> tokens = new ArrayList<>();
		if (!inputs.prompts().isEmpty()) {
			if (tokenizer == null) {
				throw new IllegalArgumentException("inputs.prompts: the model has no tokenizer; give token lists");
			}
			inputs.prompts().forEach((prompt) -> tokens.add(tokenizer.encode(prompt, null)));
		}
		tokens.addAll(inputs.tokens());
		String dataset = inputs.dataset();
		if (dataset != null && !dataset.isBlank()) {
			tokens.addAll(datasets.tokens(dataset, tokenizer));
		}
		for (int i = 0; i < tokens.size(); i++) {
			if (tokens.get(i).length == 0) {
				throw new IllegalArgumentException("inputs: sequence " + i + " has no tokens");
			}
		}
		if (tokens.isEmpty()) {
			throw new IllegalArgumentException("inputs: no sequence to run on");
		}
		return new RunInputs(tokens);
	}

}
