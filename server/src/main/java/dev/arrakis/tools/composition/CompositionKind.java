package dev.arrakis.tools.composition;

/**
 * How a later head h2 reads what an earlier head h1 wrote (Elhage et al. 2021), as the
 * product whose Frobenius norm, divided by the norms of its factors, is the score.
 */
public enum CompositionKind {

	/** h1's output moves h2's queries: W_OV^{h1} W_QK^{h2}. */
	Q,
	/** h1's output moves h2's keys: W_OV^{h1} W_QK^{h2 T}. */
	K,
	/** h1's output is moved again by h2: W_OV^{h1} W_OV^{h2}. */
	V;

	/**
	 * ||W_OV^{h1} M|| / (||W_OV^{h1}|| ||R||) for a writer's W_OV and a reader's circuit
	 * R (W_QK for Q and K, W_OV for V), where M is R, R^T for K; 0 when a norm is 0.
	 */
	public double score(FactoredMatrix writer, FactoredMatrix reader) {
		FactoredMatrix read = this == K ? reader.transpose() : reader;
		double denominator = writer.frobeniusNorm() * reader.frobeniusNorm();
		return denominator == 0 ? 0 : writer.times(read).frobeniusNorm() / denominator;
	}

}
