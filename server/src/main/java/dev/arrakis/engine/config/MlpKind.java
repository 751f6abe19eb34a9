package dev.arrakis.engine.config;

/** The MLP's shape. */
public enum MlpKind {

	/** out = act(x W_in + b_in) W_out + b_out. */
	PLAIN,
	/** out = (act(x W_gate) * (x W_in)) W_out + b_out (SwiGLU, GeGLU). */
	GATED

}
