package dev.arrakis.tools.attention;

/**
 * One head's attention pattern over one sequence.
 *
 * @param label the head, e.g. {@code L1H3}
 * @param pattern [query_pos][key_pos] attention probabilities; rows sum to 1 and are 0
 * above the diagonal
 */
public record AttentionPattern(String label, float[][] pattern) {
}
