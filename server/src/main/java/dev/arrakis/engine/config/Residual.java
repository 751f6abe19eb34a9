package dev.arrakis.engine.config;

/** How a block's attention and MLP read and write the residual stream. */
public enum Residual {

	/**
	 * resid_mid = resid_pre + attn(ln1(resid_pre)); resid_post = resid_mid +
	 * mlp(ln2(resid_mid)).
	 */
	SEQUENTIAL,
	/**
	 * GPT-NeoX style: both sublayers read resid_pre; resid_post = resid_pre +
	 * attn(ln1(x)) + mlp(ln2(x)). No resid_mid.
	 */
	PARALLEL

}
