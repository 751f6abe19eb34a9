package dev.arrakis.bench.stats;

/**
 * A paired sign-flip permutation test of the mean of the differences a[i] - b[i] against
 * zero.
 *
 * @param test always {@code paired permutation (sign flip)}
 * @param statistic the observed mean of the differences
 * @param pValue the share of sign flips whose |mean| is at least the observed |mean|:
 * count / 2^n when exact, (count + 1) / (permutations + 1) when sampled
 * @param alternative always {@code two-sided}
 * @param sizeA n, the number of pairs
 * @param sizeB n, the number of pairs
 * @param effectSizeName always {@code mean difference}
 * @param effectSize the mean of the differences, as {@code statistic}
 * @param permutations the number of sign flips compared: 2^n when exact
 * @param exact whether every sign flip was enumerated
 * @param method {@code exact} or {@code Monte Carlo} with the seed
 */
public record PermutationResult(String test, double statistic, double pValue, String alternative, int sizeA, int sizeB,
		String effectSizeName, double effectSize, long permutations, boolean exact, String method) {
}
