package dev.arrakis.bench.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Holm and Benjamini-Hochberg on a textbook example worked by hand from the definitions.
 */
class MultipleTestingTest {

	/** Sorted: 0.005, 0.01, 0.03, 0.04 (m = 4). */
	private static final double[] P = { 0.01, 0.04, 0.03, 0.005 };

	@Test
	void holmMatchesTheHandComputation() {
		// p_(i) (m - i + 1): 0.02, 0.03, 0.06, 0.04; running max: 0.02, 0.03, 0.06, 0.06
		AdjustedPValues holm = MultipleTesting.holm(P);

		assertThat(holm.method()).isEqualTo("Holm");
		assertThat(holm.pValues()).containsExactly(P);
		assertThat(holm.adjusted()).containsExactly(new double[] { 0.03, 0.06, 0.06, 0.02 }, within(1e-12));
	}

	@Test
	void benjaminiHochbergMatchesTheHandComputation() {
		// p_(i) m / i: 0.02, 0.02, 0.04, 0.04; running min from the top: 0.02, 0.02,
		// 0.04, 0.04
		AdjustedPValues bh = MultipleTesting.benjaminiHochberg(P);

		assertThat(bh.method()).isEqualTo("Benjamini-Hochberg");
		assertThat(bh.adjusted()).containsExactly(new double[] { 0.02, 0.04, 0.04, 0.02 }, within(1e-12));
	}

	@Test
	void adjustedValuesAreMonotoneAndCappedAtOne() {
		// Holm: 0.5 * 2 = 1.0, then max(1.0, 0.8) = 1.0; BH: 0.8 * 2 / 2 = 0.8, then
		// min(0.5 * 2 / 1, 0.8) = 0.8
		assertThat(MultipleTesting.holm(new double[] { 0.8, 0.5 }).adjusted()).containsExactly(1.0, 1.0);
		assertThat(MultipleTesting.benjaminiHochberg(new double[] { 0.8, 0.5 }).adjusted()).containsExactly(0.8, 0.8);
		assertThat(MultipleTesting.holm(new double[] { 0.6, 0.7, 0.9 }).adjusted()).containsOnly(1.0);
		assertThat(MultipleTesting.holm(new double[] { 0.3 }).adjusted()).containsExactly(0.3);
		assertThat(MultipleTesting.benjaminiHochberg(new double[] { 0.3 }).adjusted()).containsExactly(0.3);
	}

	@Test
	void badPValuesAreRejected() {
		assertThatThrownBy(() -> MultipleTesting.holm(new double[0])).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("pValues is empty: give at least one p-value");
		assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] { 0.2, 1.5 }))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("pValues[1] = 1.5 is out of range: valid values are 0..1");
		assertThatThrownBy(() -> MultipleTesting.holm(new double[] { Double.NaN }))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("pValues[0] = NaN is out of range: valid values are 0..1");
		assertThatThrownBy(() -> MultipleTesting.holm(new double[] { -0.1 }))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("pValues[0] = -0.1 is out of range");
	}

}
