package dev.arrakis.tools.kg;

/**
 * The top-k singular directions of one head's QK circuit W_QK^h = W_Q^h W_K^h^T = U S
 * V^T.
 *
 * @param head the head, e.g. {@code L1H3}
 * @param foldLayerNorm whether ln1's gain (and LayerNorm's centring) was folded into W_Q
 * and W_K
 * @param singularValues the k largest singular values, descending (bilinear score per
 * unit query and key norm, before the attention scale)
 * @param queryDirections U's top k columns as unit rows [k][d_model]: the residual
 * directions the head looks for
 * @param keyDirections V's top k columns as unit rows [k][d_model]: the residual
 * directions it attends to
 * @param description the definition and sign convention
 */
public record RelationalSubspaces(String head, boolean foldLayerNorm, double[] singularValues,
		float[][] queryDirections, float[][] keyDirections, String description) {
}
