package dev.arrakis.tools.readwrite;

import java.util.List;

/**
 * How much each head and neuron can write along one direction, from the weights alone.
 *
 * @param direction the direction's label
 * @param headMetric what {@code heads} holds
 * @param headLabels {@code L0H0, L0H1, ...}, layer-major
 * @param heads [n_layers][n_heads] ||W_O^h d|| / ||W_O^h||_F in [0, 1]
 * @param neuronMetric what {@code topNeurons} holds
 * @param topNeurons [n_layers][top_k] per layer the neurons whose output weights point
 * most along (or against) the direction, largest |cos| first
 */
public record WriterScores(String direction, String headMetric, List<String> headLabels, float[][] heads,
		String neuronMetric, NeuronScore[][] topNeurons) {

	public WriterScores {
		headLabels = List.copyOf(headLabels);
	}

}
