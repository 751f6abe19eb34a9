package dev.arrakis.tools.composition;

/**
 * The virtual head formed by V-composition of an earlier head h1 and a later head h2: it
 * moves information with the pattern A^{h2} A^{h1} and transforms it by W_OV^{h1}
 * W_OV^{h2}.
 *
 * @param label {@code L0H2>L1H1}
 * @param pattern [query_pos][key_pos] = A^{h2} A^{h1}; rows sum to 1
 * @param ovSingularValues singular values of W_OV^{h1} W_OV^{h2}, descending (d_head of
 * them)
 * @param vComposition ||W_OV^{h1} W_OV^{h2}||_F / (||W_OV^{h1}||_F ||W_OV^{h2}||_F), raw
 * weights
 */
public record VirtualHead(String label, float[][] pattern, double[] ovSingularValues, double vComposition) {
}
