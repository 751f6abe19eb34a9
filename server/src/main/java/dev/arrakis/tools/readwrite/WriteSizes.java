package dev.arrakis.tools.readwrite;

import java.util.List;

/**
 * How much each head can write at all, from its weights.
 *
 * @param metric what the numbers are
 * @param headLabels {@code L0H0, L0H1, ...}, layer-major
 * @param ov [n_layers][n_heads] ||W_V^g W_O^h||_F, the Frobenius norm of the head's OV
 * circuit (g its key/value group)
 * @param output [n_layers][n_heads] ||W_O^h||_F
 */
public record WriteSizes(String metric, List<String> headLabels, float[][] ov, float[][] output) {

	public WriteSizes {
		headLabels = List.copyOf(headLabels);
	}

}
