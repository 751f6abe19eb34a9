package dev.arrakis.tools.composition;

import java.util.SplittableRandom;

/**
 * The composition score that chance alone gives: the mean score of products of
 * independent standard Gaussian factors with the heads' shapes (A [d_model, d_head], B
 * [d_head, d_model] for both the writer and the reader). Scores are scale-invariant, so
 * the Gaussians' variance does not matter.
 */
final class RandomBaseline {

	private RandomBaseline() {
	}

	static double mean(CompositionKind kind, int dModel, int dHead, int samples, long seed) {
		if (samples == 0) {
			return 0;
		}
		SplittableRandom random = new SplittableRandom(seed);
		double sum = 0;
		for (int sample = 0; sample < samples; sample++) {
			FactoredMatrix writer = FactoredMatrix.of(gaussian(dModel, dHead, random), gaussian(dHead, dModel, random));
			FactoredMatrix reader = FactoredMatrix.of(gaussian(dModel, dHead, random), gaussian(dHead, dModel, random));
			sum += kind.score(writer, reader);
		}
		return sum / samples;
	}

	private static double[][] gaussian(int rows, int columns, SplittableRandom random) {
		double[][] values = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				values[i][j] = random.nextGaussian();
			}
		}
		return values;
	}

}
