package dev.arrakis.bench.stats;

import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each statistic against its textbook formula, a hand enumeration or a case whose answer
 * is known (identical arms, a one-SD shift), and every bad input against its message.
 */
class HypothesisTestsTest {

	private static final double[] A = { 4.1, 5.3, 2.2, 6.8, 5.0, 3.9, 4.4 };

	private static final double[] B = { 6.0, 7.9, 5.5, 8.8, 6.1 };

	@Test
	void welchMatchesTheTextbookFormulas() {
		double meanA = sum(A) / A.length;
		double meanB = sum(B) / B.length;
		double varA = sumOfSquares(A, meanA) / (A.length - 1);
		double varB = sumOfSquares(B, meanB) / (B.length - 1);
		double seA = varA / A.length;
		double seB = varB / B.length;
		double t = (meanA - meanB) / Math.sqrt(seA + seB);
		double df = Math.pow(seA + seB, 2) / (seA * seA / (A.length - 1) + seB * seB / (B.length - 1));
		double p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
		double pooledSd = Math.sqrt(((A.length - 1) * varA + (B.length - 1) * varB) / (A.length + B.length - 2));
		double d = (meanA - meanB) / pooledSd;

		WelchResult result = HypothesisTests.welch(A, B);

		assertThat(result.test()).isEqualTo("Welch's t-test");
		assertThat(result.alternative()).isEqualTo("two-sided");
		assertThat(result.statistic()).isCloseTo(t, within(1e-12));
		assertThat(result.degreesOfFreedom()).isCloseTo(df, within(1e-10));
		assertThat(result.pValue()).isCloseTo(p, within(1e-9));
		assertThat(result.meanDifference()).isCloseTo(meanA - meanB, within(1e-12));
		assertThat(result.effectSizeName()).isEqualTo("Cohen's d (pooled SD)");
		assertThat(result.effectSize()).isCloseTo(d, within(1e-12));
		assertThat(result.hedgesG()).isCloseTo(d * (1 - 3.0 / (4 * (A.length + B.length) - 9)), within(1e-12));
		assertThat(result.sizeA()).isEqualTo(7);
		assertThat(result.sizeB()).isEqualTo(5);
	}

	@Test
	void identicalArmsShowNoDifference() {
		WelchResult welch = HypothesisTests.welch(A, A.clone());
		assertThat(welch.statistic()).isZero();
		assertThat(welch.pValue()).isEqualTo(1.0);
		assertThat(welch.effectSize()).isZero();

		MannWhitneyResult mannWhitney = HypothesisTests.mannWhitney(A, A.clone());
		assertThat(mannWhitney.statistic()).isEqualTo(A.length * A.length / 2.0);
		assertThat(mannWhitney.effectSize()).isZero();
		assertThat(mannWhitney.pValue()).isEqualTo(1.0);

		PermutationResult permutation = HypothesisTests.pairedPermutation(A, A.clone(), 1000, 1);
		assertThat(permutation.statistic()).isZero();
		assertThat(permutation.pValue()).isEqualTo(1.0);
	}

	@Test
	void aOneSdShiftOnTwoHundredValuesIsHighlySignificant() {
		Random random = new Random(42);
		double[] a = new double[200];
		double[] b = new double[200];
		for (int i = 0; i < 200; i++) {
			a[i] = random.nextGaussian();
			b[i] = random.nextGaussian() + 1;
		}

		WelchResult welch = HypothesisTests.welch(a, b);
		MannWhitneyResult mannWhitney = HypothesisTests.mannWhitney(a, b);

		assertThat(welch.pValue()).isLessThan(1e-10);
		assertThat(welch.effectSize()).isCloseTo(-1, within(0.25));
		assertThat(mannWhitney.pValue()).isLessThan(1e-10);
		// P(X > Y) for X - Y ~ N(-1, 2) is Phi(-1/sqrt 2) = 0.24, so r = 2 * 0.24 - 1
		assertThat(mannWhitney.effectSize()).isCloseTo(-0.52, within(0.1));
	}

	@Test
	void mannWhitneyUCountsThePairsWhereAWins() {
		double[] a = { 1, 3, 3, 7, 9 };
		double[] b = { 2, 3, 5, 8 };
		double wins = 0;
		for (double x : a) {
			for (double y : b) {
				wins += (x > y) ? 1 : (x == y) ? 0.5 : 0;
			}
		}

		MannWhitneyResult result = HypothesisTests.mannWhitney(a, b);

		assertThat(result.statistic()).isEqualTo(wins);
		assertThat(result.effectSize()).isCloseTo(2 * wins / 20 - 1, within(1e-12));
		assertThat(result.pValue()).isBetween(0.0, 1.0);
		assertThat(result.method()).contains("normal approximation");
	}

	@Test
	void exactPermutationPValueEqualsAHandEnumeration() {
		// differences {2, 0, 3}: the 8 sign flips give sums 5, 5, -1, -1, 1, 1, -5, -5
		PermutationResult small = HypothesisTests.pairedPermutation(new double[] { 3, 1, 4 }, new double[] { 1, 1, 1 },
				8, 0);
		assertThat(small.exact()).isTrue();
		assertThat(small.permutations()).isEqualTo(8);
		assertThat(small.statistic()).isCloseTo(5.0 / 3, within(1e-12));
		assertThat(small.pValue()).isEqualTo(4.0 / 8);
		assertThat(small.method()).startsWith("exact");

		// differences {1, 2, 3, 4}: only all-plus and all-minus reach |sum| = 10
		PermutationResult four = HypothesisTests.pairedPermutation(new double[] { 1, 2, 3, 4 },
				new double[] { 0, 0, 0, 0 }, 16, 0);
		assertThat(four.exact()).isTrue();
		assertThat(four.pValue()).isEqualTo(2.0 / 16);
	}

	@Test
	void sampledPermutationPValueUsesThePlusOneCorrectionAndApproachesTheExactOne() {
		// 16 pairs: 2^16 = 65,536 sign flips, more than the 20,000 sampled
		double[] a = new double[16];
		double[] b = new double[16];
		Random random = new Random(3);
		for (int i = 0; i < 16; i++) {
			a[i] = random.nextGaussian() + 0.4;
			b[i] = random.nextGaussian();
		}
		PermutationResult exact = HypothesisTests.pairedPermutation(a, b, 65_536, 0);
		PermutationResult sampled = HypothesisTests.pairedPermutation(a, b, 20_000, 5);
		PermutationResult tiny = HypothesisTests.pairedPermutation(a, b, 7, 5);

		assertThat(exact.exact()).isTrue();
		assertThat(sampled.exact()).isFalse();
		assertThat(sampled.method()).startsWith("Monte Carlo");
		assertThat(sampled.pValue()).isCloseTo(exact.pValue(), within(0.02));
		assertThat(HypothesisTests.pairedPermutation(a, b, 20_000, 5)).isEqualTo(sampled);
		double count = tiny.pValue() * 8 - 1;
		assertThat(count).isCloseTo(Math.rint(count), within(1e-9)).isBetween(0.0, 7.0);
	}

	@Test
	void bootstrapIntervalContainsTheTrueDifferenceAndNarrowsWithMoreData() {
		BootstrapInterval small = bootstrapOfShiftedNormals(100);
		BootstrapInterval large = bootstrapOfShiftedNormals(2000);

		for (BootstrapInterval interval : new BootstrapInterval[] { small, large }) {
			assertThat(interval.lower()).isLessThan(0.5).isLessThan(interval.estimate());
			assertThat(interval.upper()).isGreaterThan(0.5).isGreaterThan(interval.estimate());
			assertThat(interval.confidence()).isEqualTo(0.95);
		}
		// the width falls as 1 / sqrt(n): about sqrt(20) = 4.5 times narrower
		assertThat((small.upper() - small.lower()) / (large.upper() - large.lower())).isBetween(3.0, 6.5);
	}

	private static BootstrapInterval bootstrapOfShiftedNormals(int n) {
		Random random = new Random(n);
		double[] a = new double[n];
		double[] b = new double[n];
		for (int i = 0; i < n; i++) {
			a[i] = random.nextGaussian() + 0.5;
			b[i] = random.nextGaussian();
		}
		return HypothesisTests.bootstrapMeanDifference(a, b, 2000, 0.95, 11);
	}

	@Test
	void resultsSerialiseToJson() throws Exception {
		String json = new ObjectMapper().writeValueAsString(HypothesisTests.welch(A, B));
		assertThat(json).contains("\"test\":\"Welch's t-test\"", "\"pValue\"", "\"degreesOfFreedom\"",
				"\"effectSizeName\"");
	}

	@Test
	void badInputIsRejectedWithTheParameterAndItsRange() {
		double[] one = { 1 };
		assertThatThrownBy(() -> HypothesisTests.welch(one, B)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("a has 1 value(s): each arm needs at least 2 values");
		assertThatThrownBy(() -> HypothesisTests.mannWhitney(A, one)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("b has 1 value(s)");
		assertThatThrownBy(() -> HypothesisTests.welch(new double[] { 1, Double.NaN }, B))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("a[1] = NaN: values must be finite numbers (not NaN or infinite)");
		assertThatThrownBy(() -> HypothesisTests.welch(new double[] { 2, 2 }, new double[] { 3, 3 }))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("zero variance");
		assertThatThrownBy(() -> HypothesisTests.pairedPermutation(A, B, 100, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("a has 7 values and b has 5: paired arms need the same length");
		assertThatThrownBy(() -> HypothesisTests.pairedPermutation(A, A, 0, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("permutations = 0 is out of range: valid values are 1..2147483647");
		assertThatThrownBy(() -> HypothesisTests.bootstrapMeanDifference(A, B, 0, 0.95, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("resamples = 0 is out of range");
		for (double confidence : new double[] { 0, 1, 1.5, -0.1, Double.NaN }) {
			assertThatThrownBy(() -> HypothesisTests.bootstrapMeanDifference(A, B, 100, confidence, 0))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("confidence = %s is out of range: valid values are 0 < confidence < 1 (e.g. 0.95)",
						confidence);
		}
	}

	private static double sum(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum;
	}

	private static double sumOfSquares(double[] values, double mean) {
		double sum = 0;
		for (double value : values) {
			sum += (value - mean) * (value - mean);
		}
		return sum;
	}

}
