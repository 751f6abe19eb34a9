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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attribution patching, input attribution and the metric's differentiable form on
 * tiny-induction-2l. Clean: 40 random printable bytes repeated; corrupted: the repeated
 * half shuffled.
 */
class GradientAttributionTest {

	private static final int HALF = 40;

	private static final long[] CLEAN = ActivationPatchingTest.repeatedRandom(HALF, 7);

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
	void explore() {
		for (Metric metric : List.of(REPEATED_LOSS,
				Metric.logitDifference(2 * HALF - 2, CLEAN[2 * HALF - 1], CORRUPTED[2 * HALF - 1]))) {
			for (PatchTarget target : List.of(PatchTarget.HEAD_Z, PatchTarget.RESID_PRE, PatchTarget.ATTN_OUT)) {
				PatchingResult real = causal.patch(CLEAN, CORRUPTED, target, metric);
				PatchingResult estimate = causal.attributionPatch(CLEAN, CORRUPTED, target, metric);
				System.out.println(metric.describe() + " " + target + " clean " + real.clean() + " / "
						+ estimate.clean() + " corrupted " + real.corrupted() + " / " + estimate.corrupted());
				for (int l = 0; l < real.layers().size(); l++) {
					for (int h = 0; h < real.heads().size(); h++) {
						StringBuilder line = new StringBuilder("L" + l + " " + real.heads().get(h) + ":");
						for (int p = 0; p < real.positions().size(); p++) {
							if (target != PatchTarget.HEAD_Z && p < HALF - 2) {
								continue;
							}
							line.append(String.format(" %.3f/%.3f", real.normalised()[l][h][p],
									estimate.normalised()[l][h][p]));
						}
						System.out.println(line);
					}
				}
			}
		}
		InputAttributionResult input = causal.inputAttribution(CLEAN, 2 * HALF - 2, CLEAN[2 * HALF - 1], 64);
		System.out.println("input " + input.logit() + " " + input.baselineLogit() + " " + input.attributionSum());
		for (int steps : new int[] { 4, 16, 64, 256 }) {
			InputAttributionResult r = causal.inputAttribution(CLEAN, 2 * HALF - 2, CLEAN[2 * HALF - 1], steps);
			System.out.println(steps + " " + (r.logit() - r.baselineLogit()) + " " + r.attributionSum());
		}
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
