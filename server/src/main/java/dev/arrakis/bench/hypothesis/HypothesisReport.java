package dev.arrakis.bench.hypothesis;

import dev.arrakis.bench.stats.BootstrapInterval;
import dev.arrakis.bench.stats.MannWhitneyResult;
import dev.arrakis.bench.stats.PermutationResult;
import dev.arrakis.bench.stats.WelchResult;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of testing one hypothesis: does arm a's metric differ from arm b's?
 *
 * @param name the hypothesis's name
 * @param design independent or paired
 * @param a the first arm
 * @param b the second arm
 * @param welch Welch's t-test, with Cohen's d and Hedges' g
 * @param mannWhitney the Mann-Whitney U test, with the rank-biserial correlation
 * @param permutation the paired permutation test (paired design only, else null)
 * @param bootstrap the bootstrap interval of mean(a) - mean(b)
 * @param decidingTest the test whose p-value decides: Welch (independent) or the
 * permutation test (paired)
 * @param pValue the deciding test's p-value
 * @param adjustedPValue the p-value after a correction across several tests, or null when
 * uncorrected
 * @param correction the correction's name, or null
 * @param alpha the significance level
 * @param rejectNull whether the (adjusted, when corrected) p-value is below alpha
 */
public record HypothesisReport(String name, Design design, ArmSummary a, ArmSummary b, WelchResult welch,
		MannWhitneyResult mannWhitney, @Nullable PermutationResult permutation, BootstrapInterval bootstrap,
		String decidingTest, double pValue, @Nullable Double adjustedPValue, @Nullable String correction, double alpha,
		boolean rejectNull) {

	/** This report with a corrected p-value. */
	HypothesisReport corrected(String correction, double adjusted) {
		return new HypothesisReport(this.name, this.design, this.a, this.b, this.welch, this.mannWhitney,
				this.permutation, this.bootstrap, this.decidingTest, this.pValue, adjusted, correction, this.alpha,
				adjusted < this.alpha);
	}

}
