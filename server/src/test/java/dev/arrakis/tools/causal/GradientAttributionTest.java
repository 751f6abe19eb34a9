package dev.arrakis.tools.causal;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attribution patching, input attribution and the metric's differentiable form on
 * tiny-induction-2l. Clean: 40 random printable bytes repeated; corrupted: the repeated
 * half shuffled.
 */
class GradientAttributionTest {

	private static final int HALF = 40;

	private static final long[] CLEAN = TestSequences.repeatedRandom(HALF, 7);

	private static final long[] CORRUPTED = shuffledSecondHalf(CLEAN, 11);

	private static final Metric REPEATED_LOSS = Metric.loss(HALF, 2 * HALF - 1);

	private static HookedAutoModel model;

	private static ActivationPatching causal;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		causal = new ActivationPatching(model);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void objectiveEqualsEvaluateForBothMetrics() {
		Metric logitDifference = Metric.logitDifference(2 * HALF - 2, CLEAN[2 * HALF - 1], CORRUPTED[2 * HALF - 1]);
		try (RunResult run = model.runWithHooks(ModelInput.of(CLEAN, CORRUPTED), Hooks.none())) {
			for (Metric metric : List.of(REPEATED_LOSS, Metric.loss(), logitDifference)) {
				for (int row = 0; row < 2; row++) {
					double evaluated = metric.evaluate(run.output(), row, CLEAN);
					assertThat((double) metric.objective(run.output(), row, CLEAN).getFloat())
						.as("%s row %d", metric.describe(), row)
						.isCloseTo(evaluated, Offset.offset(1e-6 + 1e-6 * Math.abs(evaluated)));
				}
			}
		}
	}

	@Test
	void attributionPatchingAgreesWithPatchingOnTheInductionHeads() {
		Metric logitDifference = Metric.logitDifference(2 * HALF - 2, CLEAN[2 * HALF - 1], CORRUPTED[2 * HALF - 1]);
		for (Metric metric : List.of(REPEATED_LOSS, logitDifference)) {
			PatchingResult real = causal.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, metric);
			PatchingResult estimate = causal.attributionPatch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, metric);
			assertThat(estimate.clean()).isEqualTo(real.clean());
			assertThat(estimate.corrupted()).isEqualTo(real.corrupted());
			assertThat(estimate.heads()).isEqualTo(real.heads());
			assertThat(estimate.positions()).isEqualTo(real.positions());
			List<String> realTop = ranked(real.normalised());
			List<String> estimatedTop = ranked(estimate.normalised());
			// The three induction heads are the top three both ways.
			assertThat(estimatedTop.subList(0, 3)).as(metric.describe())
				.containsExactlyInAnyOrderElementsOf(realTop.subList(0, 3))
				.allMatch(label -> label.startsWith("L1"));
			for (int layer = 0; layer < 2; layer++) {
				for (int head = 0; head < 4; head++) {
					float effect = real.normalised()[layer][head][0];
					float estimated = estimate.normalised()[layer][head][0];
					if (Math.abs(effect) > 0.1) {
						assertThat(Math.signum(estimated)).as("L%dH%d", layer, head).isEqualTo(Math.signum(effect));
					}
					// patched = corrupted + estimate, normalised by the real gap
					assertThat((double) estimate.patched()[layer][head][0] - estimate.corrupted()).isCloseTo(
							estimated * (real.clean() - real.corrupted()),
							Offset.offset(1e-4 + 1e-5 * Math.abs(real.corrupted())));
				}
			}
		}
		// On the loss the ranking agrees in full order, and each induction head's
		// estimate is within 0.1 of its real effect (the last layer is nearly linear).
		PatchingResult real = causal.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS);
		PatchingResult estimate = causal.attributionPatch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS);
		assertThat(ranked(estimate.normalised()).subList(0, 3)).isEqualTo(ranked(real.normalised()).subList(0, 3));
		for (int head = 0; head < 4; head++) {
			assertThat((double) estimate.normalised()[1][head][0]).isCloseTo(real.normalised()[1][head][0],
					Offset.offset(0.1));
		}
	}

	@Test
	void identicalInputsGiveAZeroEstimate() {
		for (PatchTarget target : PatchTarget.values()) {
			PatchingResult result = causal.attributionPatch(CLEAN, CLEAN, target, REPEATED_LOSS);
			assertThat(result.normalised()).isNull();
			assertThat(result.note()).contains("undefined");
			for (float[][] layer : result.patched()) {
				for (float[] row : layer) {
					for (float value : row) {
						assertThat(value).isEqualTo((float) result.corrupted());
					}
				}
			}
		}
	}

	@Test
	void integratedGradientsOfTheInputAreComplete() {
		InputAttributionResult result = causal.inputAttribution(CLEAN, 2 * HALF - 2, CLEAN[2 * HALF - 1], 64);
		double difference = result.logit() - result.baselineLogit();
		assertThat(result.attributionSum()).isCloseTo(difference, Offset.offset(0.03 * Math.abs(difference)));
		try (RunResult run = model.runWithHooks(ModelInput.of(CLEAN), Hooks.none())) {
			assertThat(result.logit()).isCloseTo(run.output().get(0, 2 * HALF - 2, CLEAN[2 * HALF - 1]).getFloat(),
					Offset.offset(1e-5));
		}
		assertThat(result.gradientTimesInput()).hasSize(CLEAN.length);
		assertThat(result.integratedGradients()).hasSize(CLEAN.length);
		// Causal attention: tokens after the attributed position contribute nothing.
		assertThat(result.integratedGradients()[2 * HALF - 1]).isZero();
		assertThat(result.gradientTimesInput()[2 * HALF - 1]).isZero();
		// More steps, a smaller completeness error.
		InputAttributionResult fine = causal.inputAttribution(CLEAN, 2 * HALF - 2, CLEAN[2 * HALF - 1], 256);
		assertThat(Math.abs(fine.attributionSum() - difference))
			.isLessThan(Math.abs(result.attributionSum() - difference));
	}

	private static List<String> ranked(float[][][] normalised) {
		List<String> labels = new ArrayList<>();
		for (int layer = 0; layer < normalised.length; layer++) {
			for (int head = 0; head < normalised[layer].length; head++) {
				labels.add("L" + layer + "H" + head);
			}
		}
		labels.sort(Comparator.comparingDouble(label -> -normalised[label.charAt(1) - '0'][label.charAt(3) - '0'][0]));
		return labels;
	}

	private static long[] shuffledSecondHalf(long[] tokens, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] shuffled = tokens.clone();
		for (int i = tokens.length - 1; i > HALF; i--) {
			int j = HALF + random.nextInt(i - HALF + 1);
			long swap = shuffled[i];
			shuffled[i] = shuffled[j];
			shuffled[j] = swap;
		}
		return shuffled;
	}

}
