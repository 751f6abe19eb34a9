package dev.arrakis.tools.features;

import java.util.List;

/**
 * A feature's max-activating dataset examples.
 *
 * @param hook the hook the feature is read from, e.g. {@code blocks.0.mlp.hook_post}
 * @param index the feature's index on the hook's last axis
 * @param label e.g. {@code L0N17} for an MLP neuron, {@code blocks.1.hook_resid_post[5]}
 * otherwise
 * @param metric what {@code value} is
 * @param sequences the corpus's sequence count
 * @param positions every position scanned
 * @param examples the k highest activations, highest first (ties: earlier sequence and
 * position first)
 */
public record TopActivations(String hook, int index, String label, String metric, int sequences, long positions,
		List<ActivatingExample> examples) {

	public TopActivations {
		examples = List.copyOf(examples);
	}

}
