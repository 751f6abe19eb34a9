package dev.arrakis.tools.composition;

/** One head's two circuits (Elhage et al. 2021), each a [d_model, d_model] matrix. */
public enum CircuitKind {

	/** W_QK = W_Q W_K^T: the attention score is x_query W_QK x_key^T (before scaling). */
	QK,
	/** W_OV = W_V W_O: the head writes (attention-weighted) x W_OV. */
	OV

}
