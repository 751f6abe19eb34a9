package dev.arrakis.tools.sparsity;

import java.util.List;

/**
 * How sparse the MLP neurons (hook {@code mlp.hook_post}) are over a dataset.
 *
 * @param metric the definition of the numbers
 * @param threshold a neuron is silent at a position when |activation| <= threshold
 * @param positions how many positions (every position of every sequence) were counted
 * @param layers one label per layer, {@code L0_mlp} ...
 * @param sparsity [layer] the fraction of neurons silent at a position, averaged over
 * positions
 * @param firingFrequency [layer][neuron] the fraction of positions where the neuron's
 * |activation| > threshold
 * @param deadNeurons neurons that never fire over the whole dataset, e.g. {@code L0N17}
 */
public record ActivationSparsity(String metric, double threshold, long positions, List<String> layers, float[] sparsity,
		float[][] firingFrequency, List<String> deadNeurons) {

	public ActivationSparsity {
		layers = List.copyOf(layers);
		deadNeurons = List.copyOf(deadNeurons);
	}

}
