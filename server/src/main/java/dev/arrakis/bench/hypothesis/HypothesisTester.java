package dev.arrakis.bench.hypothesis;

import java.util.ArrayList;
import java.util.List;

import dev.arrakis.bench.stats.AdjustedPValues;
import dev.arrakis.bench.stats.BootstrapInterval;
import dev.arrakis.bench.stats.HypothesisTests;
import dev.arrakis.bench.stats.MannWhitneyResult;
import dev.arrakis.bench.stats.MultipleTesting;
import dev.arrakis.bench.stats.PermutationResult;
import dev.arrakis.bench.stats.WelchResult;

/**
 * Tests whether two arms of a metric differ (two-sided), and corrects several such tests
 * for multiplicity.
 */
public final class HypothesisTester {

	private HypothesisTester() {
	}

	/**
	 * Tests arm a against arm b.
	 * @throws IllegalArgumentException for arms with fewer than two values, non-finite
	 * values, or paired arms of different lengths
	 */
	public static HypothesisReport test(String name, String armA, double[] a, String armB, double[] b, Design design,
			TestOptions options) {
		if (design == Design.PAIRED && a.length != b.length) {
			throw new IllegalArgumentException("paired arms need one value per input each: %s has %d, %s has %d"
				.formatted(armA, a.length, armB, b.length));
		}
		WelchResult welch = HypothesisTests.welch(a, b);
		MannWhitneyResult mannWhitney = HypothesisTests.mannWhitney(a, b);
		BootstrapInterval bootstrap = HypothesisTests.bootstrapMeanDifference(a, b, options.resamples(),
				options.confidence(), options.seed());
		PermutationResult permutation = (design == Design.PAIRED)
				? HypothesisTests.pairedPermutation(a, b, options.permutations(), options.seed()) : null;
		double pValue = (permutation != null) ? permutation.pValue() : welch.pValue();
		String deciding = (permutation != null) ? permutation.test() : welch.test();
		return new HypothesisReport(name, design, ArmSummary.of(armA, a), ArmSummary.of(armB, b), welch, mannWhitney,
				permutation, bootstrap, deciding, pValue, null, null, options.alpha(), pValue < options.alpha());
	}

	/** Multiplicity corrections across a family of tests. */
	public enum Correction {

		/** Holm's step-down method: controls the family-wise error rate. */
		HOLM,
		/** Benjamini-Hochberg: controls the false discovery rate. */
		BENJAMINI_HOCHBERG

	}

	/** The reports with their p-values corrected as one family. */
	public static List<HypothesisReport> correct(List<HypothesisReport> reports, Correction correction) {
		double[] pValues = reports.stream().mapToDouble(HypothesisReport::pValue).toArray();
		AdjustedPValues adjusted = (correction == Correction.HOLM) ? MultipleTesting.holm(pValues)
				: MultipleTesting.benjaminiHochberg(pValues);
		List<HypothesisReport> corrected = new ArrayList<>();
		for (int i = 0; i < reports.size(); i++) {
			corrected.add(reports.get(i).corrected(adjusted.method(), adjusted.adjusted()[i]));
		}
		return corrected;
	}

}
