package dev.arrakis.bench.stats;

import java.util.SplittableRandom;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Two-arm comparisons of a metric: arm a against arm b, two-sided. Distributions come
 * from Apache Commons Math; arms need at least two finite values each.
 */
public final class HypothesisTests {

	static final String TWO_SIDED = "two-sided";

	private HypothesisTests() {
	}

	/**
	 * Welch's t-test (unequal variances) with Cohen's d and Hedges' g.
	 * @param a the first arm's values
	 * @param b the second arm's values
	 * @return t, the Welch-Satterthwaite degrees of freedom and the two-sided p-value
	 * @throws IllegalArgumentException when an arm is too short or not finite, or both
	 * arms are constant (t undefined)
	 */
	public static WelchResult welch(double[] a, double[] b) {
		Samples.checkArm("a", a);
		Samples.checkArm("b", b);
		int na = a.length;
		int nb = b.length;
		double varA = StatUtils.variance(a);
		double varB = StatUtils.variance(b);
		double seA = varA / na;
		double seB = varB / nb;
		if (seA + seB == 0) {
			throw new IllegalArgumentException("a and b both have zero variance: the t statistic is undefined");
		}
		TTest tTest = new TTest();
		double t = tTest.t(a, b);
		double p = tTest.tTest(a, b);
		double df = (seA + seB) * (seA + seB) / (seA * seA / (na - 1) + seB * seB / (nb - 1));
		double meanDifference = StatUtils.mean(a) - StatUtils.mean(b);
		double pooledSd = Math.sqrt(((na - 1) * varA + (nb - 1) * varB) / (na + nb - 2));
		double cohensD = meanDifference / pooledSd;
		double hedgesG = cohensD * (1 - 3.0 / (4 * (na + nb) - 9));
		return new WelchResult("Welch's t-test", t, df, p, TWO_SIDED, na, nb, meanDifference, "Cohen's d (pooled SD)",
				cohensD, hedgesG);
	}

	/**
	 * The Mann-Whitney U test with the rank-biserial correlation as effect size.
	 * @param a the first arm's values
	 * @param b the second arm's values
	 * @return U of arm a and the two-sided p-value of the normal approximation
	 */
	public static MannWhitneyResult mannWhitney(double[] a, double[] b) {
		Samples.checkArm("a", a);
		Samples.checkArm("b", b);
		int na = a.length;
		int nb = b.length;
		double[] pooled = new double[na + nb];
		System.arraycopy(a, 0, pooled, 0, na);
		System.arraycopy(b, 0, pooled, na, nb);
		double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
		double rankSumA = 0;
		for (int i = 0; i < na; i++) {
			rankSumA += ranks[i];
		}
		double uA = rankSumA - na * (na + 1.0) / 2;
		double p = new MannWhitneyUTest().mannWhitneyUTest(a, b);
		double rankBiserial = 2 * uA / ((double) na * nb) - 1;
		return new MannWhitneyResult("Mann-Whitney U", uA, p, TWO_SIDED, na, nb, "rank-biserial correlation",
				rankBiserial,
				"normal approximation of U (Commons Math MannWhitneyUTest, no tie or continuity correction)");
	}

	/**
	 * A paired sign-flip permutation test of mean(a[i] - b[i]) = 0. Under the null each
	 * difference is as likely negated, so the p-value is the share of sign assignments
	 * whose |mean| reaches the observed |mean|. When 2^n <= permutations every assignment
	 * is enumerated (exact, p = count / 2^n); otherwise {@code permutations} random ones
	 * are drawn and p = (count + 1) / (permutations + 1).
	 * @param a the first arm's values
	 * @param b the second arm's values, paired with a by index
	 * @param permutations how many random sign flips to draw, at least 1
	 * @param seed the random seed for the sampled test
	 * @return the observed mean difference and its p-value
	 */
	public static PermutationResult pairedPermutation(double[] a, double[] b, int permutations, long seed) {
		Samples.checkPaired(a, b);
		Samples.checkAtLeastOne("permutations", permutations);
		int n = a.length;
		double[] differences = new double[n];
		double scale = 0;
		for (int i = 0; i < n; i++) {
			differences[i] = a[i] - b[i];
			scale += Math.abs(differences[i]);
		}
		double observedSum = StatUtils.sum(differences);
		// sums of the same terms in another order differ by rounding only
		double threshold = Math.abs(observedSum) - 1e-10 * scale;
		double mean = observedSum / n;
		String test = "paired permutation (sign flip)";
		if (n < 31 && (1L << n) <= permutations) {
			long total = 1L << n;
			long count = 0;
			for (long signs = 0; signs < total; signs++) {
				if (Math.abs(flippedSum(differences, signs)) >= threshold) {
					count++;
				}
			}
			return new PermutationResult(test, mean, (double) count / total, TWO_SIDED, n, n, "mean difference", mean,
					total, true, "exact: all 2^n sign flips enumerated");
		}
		SplittableRandom random = new SplittableRandom(seed);
		long count = 0;
		for (int k = 0; k < permutations; k++) {
			double sum = 0;
			for (double difference : differences) {
				sum += random.nextBoolean() ? difference : -difference;
			}
			if (Math.abs(sum) >= threshold) {
				count++;
			}
		}
		return new PermutationResult(test, mean, (count + 1.0) / (permutations + 1.0), TWO_SIDED, n, n,
				"mean difference", mean, permutations, false,
				"Monte Carlo: %d random sign flips, seed %d, p = (count + 1) / (permutations + 1)"
					.formatted(permutations, seed));
	}

	private static double flippedSum(double[] differences, long signs) {
		double sum = 0;
		for (int i = 0; i < differences.length; i++) {
			sum += ((signs >>> i) & 1) == 0 ? differences[i] : -differences[i];
		}
		return sum;
	}

	/**
	 * A percentile bootstrap confidence interval of mean(a) - mean(b): each resample
	 * draws n_a values from a and n_b from b with replacement; the interval's ends are
	 * the (1 - confidence) / 2 and (1 + confidence) / 2 quantiles (R-7 interpolation) of
	 * the resampled differences.
	 * @param a the first arm's values
	 * @param b the second arm's values
	 * @param resamples how many bootstrap resamples, at least 1
	 * @param confidence the nominal coverage, strictly between 0 and 1 (e.g. 0.95)
	 * @param seed the random seed
	 * @return the observed difference and its interval
	 */
	public static BootstrapInterval bootstrapMeanDifference(double[] a, double[] b, int resamples, double confidence,
			long seed) {
		Samples.checkArm("a", a);
		Samples.checkArm("b", b);
		Samples.checkAtLeastOne("resamples", resamples);
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException(
					"confidence = %s is out of range: valid values are 0 < confidence < 1 (e.g. 0.95)"
						.formatted(confidence));
		}
		SplittableRandom random = new SplittableRandom(seed);
		double[] differences = new double[resamples];
		for (int k = 0; k < resamples; k++) {
			differences[k] = resampledMean(a, random) - resampledMean(b, random);
		}
		Percentile quantile = new Percentile().withEstimationType(EstimationType.R_7);
		quantile.setData(differences);
		double lower = quantile.evaluate(100 * (1 - confidence) / 2);
		double upper = quantile.evaluate(100 * (1 + confidence) / 2);
		return new BootstrapInterval("mean(a) - mean(b)", StatUtils.mean(a) - StatUtils.mean(b), lower, upper,
				confidence, resamples, a.length, b.length, "percentile bootstrap, seed %d".formatted(seed));
	}

	private static double resampledMean(double[] values, SplittableRandom random) {
		double sum = 0;
		for (int i = 0; i < values.length; i++) {
			sum += values[random.nextInt(values.length)];
		}
		return sum / values.length;
	}

}
