package dev.arrakis.tools.residual;

import java.util.List;

/**
 * Direct logit attribution at one position: how much each component's direct write to the
 * final residual adds to a logit (or a logit difference), through the final norm with its
 * scale frozen and the unembedding.
 *
 * @param metric what {@code actual} is and how the values are defined
 * @param labels the components: {@code embed}, {@code pos_embed} (learned positions),
 * then per layer {@code L{l}H{h}} for every head, {@code L{l}_attn_bias},
 * {@code L{l}_mlp}
 * @param values one per label, in logits
 * @param perHead [n_layers][n_heads] the heads' values again, as a grid
 * @param perLayerAttention [n_layers] each layer's heads plus its attention bias
 * @param perLayerMlp [n_layers] each layer's MLP
 * @param constant what no component writes: b_final . (direction) + b_U (difference)
 * @param total sum of values plus constant
 * @param actual the logit (difference) read from the model's own logits; equals total up
 * to float32 rounding
 */
public record LogitAttributionResult(String metric, List<String> labels, float[] values, float[][] perHead,
		float[] perLayerAttention, float[] perLayerMlp, double constant, double total, double actual) {

	public LogitAttributionResult {
		labels = List.copyOf(labels);
	}

}
