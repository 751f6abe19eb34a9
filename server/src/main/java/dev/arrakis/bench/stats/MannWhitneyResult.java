package dev.arrakis.bench.stats;

/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test of a against b.
 *
 * @param test always {@code Mann-Whitney U}
 * @param statistic U of arm a: the number of pairs (x from a, y from b) with x > y, ties
 * counting one half
 * @param pValue from the normal approximation of U (Commons Math, no tie or continuity
 * correction), see {@code method}
 * @param alternative always {@code two-sided}
 * @param sizeA n_a
 * @param sizeB n_b
 * @param effectSizeName always {@code rank-biserial correlation}
 * @param effectSize 2 U / (n_a n_b) - 1, in [-1, 1]; positive when a tends to be larger
 * @param method how the p-value was computed
 */
public record MannWhitneyResult(String test, double statistic, double pValue, String alternative, int sizeA, int sizeB,
		String effectSizeName, double effectSize, String method) {
}
