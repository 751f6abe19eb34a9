package dev.arrakis.tools.residual;

import java.util.List;

/**
 * The residual stream as it accumulates: into every block, then out of the last.
 *
 * @param labels {@code L0_resid_pre} ... {@code L{n-1}_resid_pre}, then {@code final}
 * (resid_post of the last layer)
 * @param finalNormApplied whether each residual was centred (LayerNorm) and divided by
 * the final norm's scale of the real final residual
 * @param residuals [n_layers + 1][pos][d_model]
 * @param norms [n_layers + 1][pos] the L2 norm of each returned residual
 * @param description what the vectors are
 */
public record AccumulatedResidual(List<String> labels, boolean finalNormApplied, float[][][] residuals, float[][] norms,
		String description) {

	public AccumulatedResidual {
		labels = List.copyOf(labels);
	}

}
