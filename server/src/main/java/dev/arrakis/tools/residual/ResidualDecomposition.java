package dev.arrakis.tools.residual;

import java.util.List;

/**
 * The residual stream after some layer split into what wrote it.
 *
 * @param labels {@code embed}, {@code pos_embed} (learned positions only), then per layer
 * either {@code L0_attn}, {@code L0_mlp} ({@code residual} tool) or every head
 * {@code L0H0} ..., {@code L0_attn_bias}, {@code L0_mlp} ({@code decomposer} tool)
 * @param components [component][pos][d_model]; they sum to the residual stream
 * @param norms [component][pos] the L2 norm of each component's write
 */
public record ResidualDecomposition(List<String> labels, float[][][] components, float[][] norms) {

	public ResidualDecomposition {
		labels = List.copyOf(labels);
	}

}
