package dev.arrakis.bench.hypothesis;

/**
 * How a hypothesis is tested.
 *
 * @param alpha the significance level, in (0, 1)
 * @param confidence the bootstrap interval's coverage, in (0, 1)
 * @param resamples bootstrap resamples, at least 1
 * @param permutations sign flips sampled by the paired permutation test (it enumerates
 * all of them when there are at most this many), at least 1
 * @param seed the seed of every random draw, so that a test can be repeated exactly
 */
public record TestOptions(double alpha, double confidence, int resamples, int permutations, long seed) {

	/** alpha 0.05, 95% intervals, 10,000 resamples and permutations, seed 0. */
	public static final TestOptions DEFAULTS = new TestOptions(0.05, 0.95, 10_000, 10_000, 0);

	public TestOptions {
		if (!(alpha > 0 && alpha < 1)) {
			throw new IllegalArgumentException(
					"alpha = %s is out of range: valid values are 0 < alpha < 1 (e.g. 0.05)".formatted(alpha));
		}
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException(
					"confidence = %s is out of range: valid values are 0 < confidence < 1".formatted(confidence));
		}
		if (resamples < 1 || permutations < 1) {
			throw new IllegalArgumentException(
					"resamples = %d and permutations = %d must both be at least 1".formatted(resamples, permutations));
		}
	}

}
