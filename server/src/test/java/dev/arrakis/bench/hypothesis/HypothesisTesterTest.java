package dev.arrakis.bench.hypothesis;

import java.util.List;

import dev.arrakis.bench.stats.HypothesisTests;
import dev.arrakis.bench.stats.MultipleTesting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class HypothesisTesterTest {

	private static final double[] LOW = { 1.0, 1.2, 0.9, 1.1, 1.05, 0.95 };

	private static final double[] HIGH = { 2.0, 2.1, 1.9, 2.2, 1.8, 2.05 };

	@Test
	void independentArmsAreDecidedByWelchAndSummarised() {
		HypothesisReport report = HypothesisTester.test("shift", "low", LOW, "high", HIGH, Design.INDEPENDENT,
				TestOptions.DEFAULTS);

		assertThat(report.decidingTest()).isEqualTo("Welch's t-test");
		assertThat(report.pValue()).isEqualTo(HypothesisTests.welch(LOW, HIGH).pValue());
		assertThat(report.rejectNull()).isTrue();
		assertThat(report.permutation()).isNull();
		assertThat(report.a().mean()).isCloseTo(1.0333333333, within(1e-9));
		assertThat(report.b().standardDeviation()).isCloseTo(Math.sqrt(0.02041666666), within(1e-9));
		assertThat(report.mannWhitney().effectSize()).isEqualTo(-1.0);
		assertThat(report.bootstrap().upper()).isLessThan(0);
	}

	@Test
	void identicalPairedArmsAreNoEffectExactly() {
		HypothesisReport report = HypothesisTester.test("none", "a", LOW, "b", LOW.clone(), Design.PAIRED,
				TestOptions.DEFAULTS);

		assertThat(report.decidingTest()).startsWith("paired permutation");
		assertThat(report.pValue()).isEqualTo(1.0);
		assertThat(report.rejectNull()).isFalse();
	}

	@Test
	void correctionsAdjustEveryReportAsOneFamily() {
		List<HypothesisReport> reports = List.of(
				HypothesisTester.test("t1", "a", LOW, "b", HIGH, Design.INDEPENDENT, TestOptions.DEFAULTS),
				HypothesisTester.test("t2", "a", LOW, "b", LOW.clone(), Design.PAIRED, TestOptions.DEFAULTS),
				HypothesisTester.test("t3", "a", new double[] { 1, 2, 3, 4 }, "b", new double[] { 1.5, 2.5, 3, 5 },
						Design.INDEPENDENT, TestOptions.DEFAULTS));
		double[] raw = reports.stream().mapToDouble(HypothesisReport::pValue).toArray();

		List<HypothesisReport> holm = HypothesisTester.correct(reports, HypothesisTester.Correction.HOLM);
		List<HypothesisReport> bh = HypothesisTester.correct(reports, HypothesisTester.Correction.BENJAMINI_HOCHBERG);

		double[] expectedHolm = MultipleTesting.holm(raw).adjusted();
		double[] expectedBh = MultipleTesting.benjaminiHochberg(raw).adjusted();
		for (int i = 0; i < reports.size(); i++) {
			assertThat(holm.get(i).adjustedPValue()).isEqualTo(expectedHolm[i]);
			assertThat(holm.get(i).rejectNull()).isEqualTo(expectedHolm[i] < 0.05);
			assertThat(bh.get(i).adjustedPValue()).isEqualTo(expectedBh[i]);
			assertThat(holm.get(i).pValue()).isEqualTo(raw[i]);
		}
		assertThat(holm.get(0).correction()).containsIgnoringCase("holm");
	}

	@Test
	void badArmsAndOptionsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HypothesisTester.test("p", "a", LOW, "b", new double[] { 1, 2 }, Design.PAIRED,
					TestOptions.DEFAULTS))
			.withMessageContaining("a has 6, b has 2");
		assertThatIllegalArgumentException().isThrownBy(() -> new TestOptions(1.5, 0.95, 10, 10, 0))
			.withMessageContaining("alpha = 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> new TestOptions(0.05, 0.95, 0, 10, 0))
			.withMessageContaining("resamples = 0");
	}

}
