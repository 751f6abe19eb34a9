package dev.arrakis.tools.knowledge;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe's optimiser reaches the optimum of its objective (the gradient vanishes), its
 * probabilities are a distribution, and the split is stratified, disjoint and seeded.
 */
class SoftmaxRegressionTest {

	@Test
	void trainingReachesTheRegularisedOptimum() {
		SplittableRandom random = new SplittableRandom(3);
		int samples = 90;
		double[][] features = new double[samples][5];
		int[] classOf = new int[samples];
		for (int i = 0; i < samples; i++) {
			classOf[i] = i % 3;
			for (int d = 0; d < 5; d++) {
				// Overlapping classes: the optimum is finite even without the penalty.
				features[i][d] = 10 * d + random.nextGaussian() + (d == classOf[i] ? 1.5 : 0);
			}
		}
		int[] rows = IntStream.range(0, samples).toArray();
		double l2 = 0.05;
		SoftmaxRegression probe = SoftmaxRegression.train(features, classOf, rows, 3, l2, 3000);
		double[][] standardised = Arrays.stream(features)
			.map(row -> SoftmaxRegression.standardise(row, probe.mean(), probe.scale()))
			.toArray(double[][]::new);
		double[][] gradW = new double[3][5];
		double[] gradB = new double[3];
		SoftmaxRegression.gradient(standardised, classOf, probe.weights(), probe.bias(), l2, gradW, gradB);
		for (int c = 0; c < 3; c++) {
			assertThat(Math.abs(gradB[c])).isLessThan(1e-7);
			for (int d = 0; d < 5; d++) {
				assertThat(Math.abs(gradW[c][d])).as("dW[%d][%d]", c, d).isLessThan(1e-7);
			}
		}
		for (double[] row : features) {
			double total = Arrays.stream(probe.logProbabilities(row)).map(Math::exp).sum();
			assertThat(total).isCloseTo(1, org.assertj.core.api.Assertions.offset(1e-12));
		}
		for (int d = 0; d < 5; d++) {
			int feature = d;
			double mean = Arrays.stream(features).mapToDouble(row -> row[feature]).average().orElseThrow();
			assertThat(probe.mean()[d]).isCloseTo(mean, org.assertj.core.api.Assertions.offset(1e-9));
		}
	}

	@Test
	void separableClassesAreLearnedExactly() {
		double[][] features = { { 0, 0 }, { 0.2, 0.1 }, { 5, 5 }, { 5.1, 4.8 }, { -5, 5 }, { -4.9, 5.2 } };
		int[] classOf = { 0, 0, 1, 1, 2, 2 };
		SoftmaxRegression probe = SoftmaxRegression.train(features, classOf, new int[] { 0, 1, 2, 3, 4, 5 }, 3, 0.01,
				200);
		for (int i = 0; i < features.length; i++) {
			assertThat(probe.predict(features[i])).isEqualTo(classOf[i]);
		}
	}

	@Test
	void theSplitHoldsOutTheFractionOfEveryClassAndDependsOnlyOnTheSeed() {
		int[] classOf = new int[101];
		for (int i = 0; i < classOf.length; i++) {
			classOf[i] = i < 50 ? 0 : i < 80 ? 1 : i < 100 ? 2 : 3;
		}
		StratifiedSplit split = StratifiedSplit.of(classOf, 4, 0.2, 11);
		int[] testCounts = new int[4];
		Arrays.stream(split.test()).forEach(row -> testCounts[classOf[row]]++);
		// 20% of 50, 30 and 20; the single sample of class 3 stays in training.
		assertThat(testCounts).containsExactly(10, 6, 4, 0);
		int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test())).sorted().toArray();
		assertThat(all).isEqualTo(IntStream.range(0, classOf.length).toArray());
		assertThat(StratifiedSplit.of(classOf, 4, 0.2, 11).test()).isEqualTo(split.test());
		assertThat(StratifiedSplit.of(classOf, 4, 0.2, 12).test()).isNotEqualTo(split.test());
	}

}
