package dev.arrakis.bench.stats;

/**
 * A percentile bootstrap confidence interval of mean(a) - mean(b): both arms resampled
 * independently with replacement.
 *
 * @param statistic always {@code mean(a) - mean(b)}
 * @param estimate the observed mean difference
 * @param lower the (1 - confidence) / 2 quantile of the resampled differences
 * @param upper the (1 + confidence) / 2 quantile of the resampled differences
 * @param confidence the interval's nominal coverage, in (0, 1)
 * @param resamples how many bootstrap resamples were drawn
 * @param sizeA n_a
 * @param sizeB n_b
 * @param method {@code percentile bootstrap} with the seed
 */
public record BootstrapInterval(String statistic, double estimate, double lower, double upper, double confidence,
		int resamples, int sizeA, int sizeB, String method) {
}
