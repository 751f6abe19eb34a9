package dev.arrakis.engine.config;

/** The normalisation every block and the final norm use. */
public enum Norm {

	/** (x - mean) / sqrt(var + eps) * w + b. */
	LAYER_NORM,
	/** x / sqrt(mean(x^2) + eps) * w. Gemma's (1 + w) is folded into w at load. */
	RMS_NORM

}
