package dev.arrakis.tools.readwrite;

import java.util.List;

/**
 * What every component wrote along one direction at one position of one input.
 *
 * @param direction the direction's label
 * @param position the position read
 * @param metric what the numbers are
 * @param labels {@code embed}, {@code pos_embed} (learned positions only), then per layer
 * {@code L0H0 ... L0H{n-1}}, {@code L0_attn_bias}, {@code L0_mlp}, ...
 * @param contributions one per label; they sum to {@code residual}
 * @param residual resid_post of the last layer at {@code position}, dotted with the unit
 * direction
 * @param mlpBias [n_layers] b_out . d: the part of each layer's MLP write no neuron makes
 * @param topNeurons [n_layers][top_k] per layer the neurons with the largest |post_n
 * (W_out[n] . d)|; over all d_mlp neurons these plus {@code mlpBias} sum to the layer's
 * {@code L{l}_mlp} contribution
 */
public record DirectionWrites(String direction, int position, String metric, List<String> labels, float[] contributions,
		float residual, float[] mlpBias, NeuronScore[][] topNeurons) {

	public DirectionWrites {
		labels = List.copyOf(labels);
	}

	/** The contribution of the component labelled {@code label}. */
	public float contribution(String label) {
		int index = this.labels.indexOf(label);
		if (index < 0) {
			throw new IllegalArgumentException("no component '%s'; components are %s".formatted(label, this.labels));
		}
		return this.contributions[index];
	}

}
