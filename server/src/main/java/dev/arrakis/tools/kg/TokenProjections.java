package dev.arrakis.tools.kg;

/**
 * Token embeddings projected onto one head's top QK singular directions (raw weights).
 *
 * @param head the head, e.g. {@code L1H3}
 * @param tokenIds the tokens, in the columns' order
 * @param singularValues the k largest singular values of W_QK^h, descending
 * @param querySide [k][tokens]: W_E[t] . u_i, the i-th query-side direction
 * @param keySide [k][tokens]: W_E[t] . v_i, the i-th key-side direction
 * @param metric what the numbers are
 */
public record TokenProjections(String head, long[] tokenIds, double[] singularValues, float[][] querySide,
		float[][] keySide, String metric) {
}
