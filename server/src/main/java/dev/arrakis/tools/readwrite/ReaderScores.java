package dev.arrakis.tools.readwrite;

import java.util.List;

/**
 * How much each head and neuron reads along one direction, from the weights with the
 * reader's norm gain folded in.
 *
 * @param direction the direction's label
 * @param headMetric what {@code query}, {@code key} and {@code value} hold
 * @param headLabels {@code L0H0, L0H1, ...}, layer-major
 * @param query [n_layers][n_heads] the score of W_Q^h, in [0, 1]
 * @param key [n_layers][n_heads] the score of W_K of the head's key/value group
 * @param value [n_layers][n_heads] the score of W_V of the head's key/value group
 * @param neuronMetric what {@code topNeurons} and {@code topGateNeurons} hold
 * @param topNeurons [n_layers][top_k] per layer the neurons whose W_in column reads most
 * along (or against) the direction, largest |value| first
 * @param topGateNeurons the same through W_gate for gated MLPs; [n_layers][0] otherwise
 */
public record ReaderScores(String direction, String headMetric, List<String> headLabels, float[][] query, float[][] key,
		float[][] value, String neuronMetric, NeuronScore[][] topNeurons, NeuronScore[][] topGateNeurons) {

	public ReaderScores {
		headLabels = List.copyOf(headLabels);
	}

}
