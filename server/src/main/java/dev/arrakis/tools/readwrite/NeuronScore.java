package dev.arrakis.tools.readwrite;

/**
 * One MLP neuron's score.
 *
 * @param label the neuron's label, e.g. {@code L0N17}
 * @param layer its layer
 * @param neuron its index in [0, d_mlp)
 * @param value the score; what it measures is the enclosing result's metric
 */
public record NeuronScore(String label, int layer, int neuron, float value) {
}
