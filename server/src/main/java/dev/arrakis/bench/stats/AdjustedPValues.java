package dev.arrakis.bench.stats;

/**
 * P-values adjusted for multiple comparisons, in the order they were given.
 *
 * @param method {@code Holm} (family-wise error rate) or {@code Benjamini-Hochberg}
 * (false discovery rate)
 * @param pValues the raw p-values
 * @param adjusted the adjusted p-values, capped at 1
 */
public record AdjustedPValues(String method, double[] pValues, double[] adjusted) {
}
