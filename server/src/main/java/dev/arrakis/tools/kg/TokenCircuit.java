package dev.arrakis.tools.kg;

/**
 * The token-level QK circuit of one head: the pre-softmax score a query token would give
 * a key token from their embeddings alone.
 *
 * @param head the head, e.g. {@code L1H3}
 * @param queryTokens the rows' token ids
 * @param keyTokens the columns' token ids
 * @param scores [queries][keys]: scale * W_E[q] W_QK^h W_E[k]^T
 * @param attentionScale the model's factor on q.k, applied to the scores
 * @param foldLayerNorm whether ln1's gain (and centring) was folded in
 * @param metric what the numbers are, and what they leave out
 */
public record TokenCircuit(String head, long[] queryTokens, long[] keyTokens, float[][] scores, double attentionScale,
		boolean foldLayerNorm, String metric) {
}
