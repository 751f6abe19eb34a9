package dev.arrakis.bench.stats;

/**
 * Welch's unequal-variance t-test of mean(a) against mean(b).
 *
 * @param test always {@code Welch's t-test}
 * @param statistic t = (mean(a) - mean(b)) / sqrt(var(a)/n_a + var(b)/n_b), sample
 * variances with n - 1
 * @param degreesOfFreedom the Welch-Satterthwaite degrees of freedom
 * @param pValue from Student's t distribution with those degrees of freedom
 * @param alternative always {@code two-sided}
 * @param sizeA n_a
 * @param sizeB n_b
 * @param meanDifference mean(a) - mean(b)
 * @param effectSizeName always {@code Cohen's d (pooled SD)}
 * @param effectSize Cohen's d: the mean difference over the pooled standard deviation
 * sqrt(((n_a - 1) var(a) + (n_b - 1) var(b)) / (n_a + n_b - 2))
 * @param hedgesG Hedges' g: d times the small-sample correction 1 - 3 / (4 (n_a + n_b) -
 * 9)
 */
public record WelchResult(String test, double statistic, double degreesOfFreedom, double pValue, String alternative,
		int sizeA, int sizeB, double meanDifference, String effectSizeName, double effectSize, double hedgesG) {
}
