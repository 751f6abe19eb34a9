package dev.arrakis.tools.causal;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Activation patching on tiny-induction-2l, whose circuit the detectors find
 * (previous-token heads in layer 0, induction heads in layer 1). Clean: 40 random bytes
 * repeated; corrupted: the same with the repeated half shuffled, so induction has nothing
 * to copy. Patching clean z back head by head must point at the induction heads.
 */
class ActivationPatchingTest {

	private static final int HALF = 40;

	private static final long[] CLEAN = TestSequences.repeatedRandom(HALF, 7);

	private static final long[] CORRUPTED = shuffledSecondHalf(CLEAN, 11);

	/** The predictions of the repeated half, which only the circuit can make. */
	private static final Metric REPEATED_LOSS = Metric.loss(HALF, 2 * HALF - 1);

	private static HookedAutoModel model;

	private static ActivationPatching patching;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		patching = new ActivationPatching(model);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void patchingHeadZLocalisesTheEffectToTheInductionHeads() {
		Set<String> inductionHeads = above(new AttentionTools(model).detectHeads(CLEAN, HeadDetector.INDUCTION), 0.4f);
		assertThat(inductionHeads).isNotEmpty().allMatch(label -> label.startsWith("L1"));
		PatchingResult result = patching.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS);
		// The shuffle ruins the repeated half: the loss there goes from near zero to
		// about the first half's.
		assertThat(result.clean()).isLessThan(0.01);
		assertThat(result.corrupted()).isGreaterThan(1.0);
		assertThat(result.note()).isNull();
		assertThat(result.layers()).containsExactly("L0", "L1");
		assertThat(result.heads()).containsExactly("H0", "H1", "H2", "H3");
		assertThat(result.positions()).containsExactly("all");
		float[][][] normalised = result.normalised();
		assertThat(normalised).isNotNull();
		List<String> ranked = new ArrayList<>();
		for (int layer = 0; layer < 2; layer++) {
			for (int head = 0; head < 4; head++) {
				ranked.add(Labels.head(layer, head));
				double patched = result.patched()[layer][head][0];
				double expected = (patched - result.corrupted()) / (result.clean() - result.corrupted());
				assertThat((double) normalised[layer][head][0]).isCloseTo(expected, Offset.offset(1e-6));
			}
		}
		ranked.sort(Comparator.comparingDouble(label -> -value(normalised, label)));
		// Each induction head alone restores most of the loss; the top heads are exactly
		// the detected ones, and no other head restores a third as much as the weakest.
		assertThat(Set.copyOf(ranked.subList(0, inductionHeads.size()))).isEqualTo(inductionHeads);
		double weakestInduction = inductionHeads.stream()
			.mapToDouble(label -> value(normalised, label))
			.min()
			.orElseThrow();
		assertThat(weakestInduction).isGreaterThan(0.5);
		for (String other : ranked.subList(inductionHeads.size(), ranked.size())) {
			assertThat(Math.abs(value(normalised, other))).as(other).isLessThan(weakestInduction / 3);
		}
	}

	@Test
	void theSweepReportsEachFinishedLayerAsAPrefixOfTheResult() {
		// Seven rows a pass: the layer boundary (80 sites) falls inside a pass.
		ActivationPatching oddBatches = new ActivationPatching(model, new SweepBatching(7, Long.MAX_VALUE));
		List<Object> reports = new ArrayList<>();
		ForwardWatch watch = new ForwardWatch(reports::add);
		PatchingResult result = watch
			.watch(() -> oddBatches.patch(CLEAN, CORRUPTED, PatchTarget.RESID_PRE, REPEATED_LOSS));
		assertThat(result.normalised()).isNotNull();
		assertThat(reports).hasSize(2).allMatch(PatchingResult.class::isInstance);
		for (int i = 0; i < reports.size(); i++) {
			PatchingResult partial = (PatchingResult) reports.get(i);
			int layers = i + 1;
			assertThat(partial.layers()).isEqualTo(result.layers().subList(0, layers));
			assertThat(partial.patched()).isDeepEqualTo(Arrays.copyOf(result.patched(), layers));
			assertThat(partial.normalised()).isDeepEqualTo(Arrays.copyOf(result.normalised(), layers));
			assertThat(partial).usingRecursiveComparison()
				.ignoringFields("layers", "patched", "normalised")
				.isEqualTo(result);
		}
		assertThat(watch.partial()).usingRecursiveComparison().isEqualTo(result);
	}

	@Test
	void attributionPatchingReportsNoPartialResult() {
		ForwardWatch watch = new ForwardWatch();
		watch.watch(() -> patching.attributionPatch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS));
		assertThat(watch.partial()).isNull();
	}

	@Test
	void previousTokenHeadsMatterOnlyAtTheShuffledPositions() {
		Set<String> previousTokenHeads = above(
				new AttentionTools(model).detectHeads(CLEAN, HeadDetector.PREVIOUS_TOKEN), 0.9f);
		assertThat(previousTokenHeads).isNotEmpty().allMatch(label -> label.startsWith("L0"));
		PatchingResult result = patching.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z_BY_POSITION, REPEATED_LOSS);
		assertThat(result.positions()).hasSize(2 * HALF).startsWith("0", "1").endsWith("79");
		float[][][] normalised = result.normalised();
		assertThat(normalised).isNotNull();
		for (String label : previousTokenHeads) {
			int head = Integer.parseInt(label.substring(3));
			float[] byPosition = normalised[0][head];
			// Clean and corrupted agree on the first half, and attention is causal, so z
			// is
			// the same there: patching it changes nothing.
			double firstHalf = 0;
			double secondHalf = 0;
			for (int position = 0; position < 2 * HALF; position++) {
				if (position < HALF) {
					firstHalf += Math.abs(byPosition[position]);
				}
				else {
					secondHalf += Math.abs(byPosition[position]);
				}
			}
			assertThat(firstHalf).as(label).isLessThan(1e-4);
			assertThat(secondHalf).as(label).isGreaterThan(0.05);
		}
		// In the last layer, a head's z at one position reaches only that position's
		// logits, and the loss is a mean over positions: so the per-position effects add
		// up exactly to the effect of patching the head at every position.
		PatchingResult whole = patching.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS);
		for (int head = 0; head < 4; head++) {
			double sum = 0;
			for (float value : normalised[1][head]) {
				sum += value;
			}
			assertThat(sum).as("L1H%d", head).isCloseTo(whole.normalised()[1][head][0], Offset.offset(1e-4));
		}
	}

	@Test
	void identicalInputsHaveNoEffectAndNoNormalisation() {
		for (PatchTarget target : List.of(PatchTarget.RESID_PRE, PatchTarget.HEAD_Z)) {
			PatchingResult result = patching.patch(CLEAN, CLEAN, target, REPEATED_LOSS);
			assertThat(result.corrupted()).isEqualTo(result.clean());
			assertThat(result.normalised()).isNull();
			assertThat(result.note()).contains("undefined").contains("coincide");
			for (float[][] layer : result.patched()) {
				for (float[] row : layer) {
					for (float value : row) {
						assertThat((double) value).isCloseTo(result.clean(), Offset.offset(1e-5));
					}
				}
			}
		}
	}

	@Test
	void batchedRunsEqualSerialRuns() {
		PatchingResult batched = new ActivationPatching(model, new SweepBatching(3, Long.MAX_VALUE)).patch(CLEAN,
				CORRUPTED, PatchTarget.HEAD_Z, REPEATED_LOSS);
		PatchingResult serial = new ActivationPatching(model, SweepBatching.SERIAL).patch(CLEAN, CORRUPTED,
				PatchTarget.HEAD_Z, REPEATED_LOSS);
		assertClose(batched.patched(), serial.patched(), 1e-5);
		assertThat(batched.clean()).isEqualTo(serial.clean());
		assertThat(batched.corrupted()).isEqualTo(serial.corrupted());
	}

	@Test
	void badInputIsRefusedNamingTheParameter() {
		assertThatThrownBy(() -> patching.patch(CLEAN, new long[] { 1, 2, 3 }, PatchTarget.RESID_PRE, REPEATED_LOSS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("clean holds 80 tokens and corrupted 3");
		assertThatThrownBy(() -> patching.patch(new long[0], new long[0], PatchTarget.RESID_PRE, Metric.loss()))
			.hasMessageContaining("clean must hold at least 1");
		assertThatThrownBy(() -> patching.patch(CLEAN, withToken(CLEAN, 5, 256), PatchTarget.RESID_PRE, Metric.loss()))
			.hasMessageContaining("corrupted[5] = 256")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> patching.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, Metric.logitDifference(80, 1, 2)))
			.hasMessageContaining("position = 80")
			.hasMessageContaining("0..79");
		assertThatThrownBy(
				() -> patching.patch(CLEAN, CORRUPTED, PatchTarget.HEAD_Z, Metric.logitDifference(3, 1, 300)))
			.hasMessageContaining("incorrectToken = 300")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> new SweepBatching(0, 1)).hasMessageContaining("maxBatch = 0");
	}

	static void assertClose(float[][][] actual, float[][][] expected, double tolerance) {
		assertThat(actual.length).isEqualTo(expected.length);
		for (int i = 0; i < actual.length; i++) {
			assertThat(actual[i].length).isEqualTo(expected[i].length);
			for (int j = 0; j < actual[i].length; j++) {
				assertThat(actual[i][j].length).isEqualTo(expected[i][j].length);
				for (int k = 0; k < actual[i][j].length; k++) {
					assertThat((double) actual[i][j][k]).as("[%d][%d][%d]", i, j, k)
						.isCloseTo(expected[i][j][k], Offset.offset(tolerance));
				}
			}
		}
	}

	private static double value(float[][][] normalised, String label) {
		int layer = Integer.parseInt(label.substring(1, label.indexOf('H')));
		int head = Integer.parseInt(label.substring(label.indexOf('H') + 1));
		return normalised[layer][head][0];
	}

	private static Set<String> above(HeadScores scores, float threshold) {
		Set<String> heads = new java.util.TreeSet<>();
		for (int layer = 0; layer < scores.scores().length; layer++) {
			for (int head = 0; head < scores.scores()[layer].length; head++) {
				if (scores.score(layer, head) > threshold) {
					heads.add(Labels.head(layer, head));
				}
			}
		}
		return heads;
	}

	private static long[] withToken(long[] tokens, int position, long token) {
		long[] changed = tokens.clone();
		changed[position] = token;
		return changed;
	}

	/** A Fisher-Yates shuffle of the second half. */
	private static long[] shuffledSecondHalf(long[] tokens, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] shuffled = tokens.clone();
		int half = tokens.length / 2;
		for (int i = tokens.length - 1; i > half; i--) {
			int j = half + random.nextInt(i - half + 1);
			long swap = shuffled[i];
			shuffled[i] = shuffled[j];
			shuffled[j] = swap;
		}
		return shuffled;
	}

}
