package dev.arrakis.tools.residual;

/**
 * How each block changes the residual stream, from resid_pre to resid_post of the same
 * layer. Means are over positions.
 *
 * @param meanPreNorm [n_layers] mean ||resid_pre||
 * @param meanPostNorm [n_layers] mean ||resid_post||
 * @param relativeChange [n_layers] mean ||resid_post - resid_pre|| / ||resid_pre||, that
 * is ||attn_out + mlp_out|| / ||resid_pre||
 * @param cosine [n_layers] mean cosine(resid_pre, resid_post)
 * @param preNorms [n_layers][pos] ||resid_pre|| per position
 * @param postNorms [n_layers][pos] ||resid_post|| per position
 */
public record ResidualNorms(float[] meanPreNorm, float[] meanPostNorm, float[] relativeChange, float[] cosine,
		float[][] preNorms, float[][] postNorms) {
}
