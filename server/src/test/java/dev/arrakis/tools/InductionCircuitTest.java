package dev.arrakis.tools;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.attention.AttendedToken;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.residual.LogitLens;
import dev.arrakis.tools.residual.LogitLensResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ground truth: tiny-induction-2l was trained half on repeated random byte segments and
 * has a textbook induction circuit, previous-token heads in layer 0 and induction heads
 * in layer 1. On a repeated random sequence the tools must find both, and the repeated
 * half must be predicted far better than the first.
 */
class InductionCircuitTest {

	private static HookedAutoModel model;

	/**
	 * 40 random printable bytes (as the model's repeated training segments), then the
	 * same 40 again.
	 */
	private static final long[] REPEATED = TestSequences.repeatedRandom(40, 7);

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void detectorsFindPreviousTokenHeadsInLayerZeroAndInductionHeadsInLayerOne() {
		AttentionTools tools = new AttentionTools(model);
		HeadScores previous = tools.detectHeads(REPEATED, HeadDetector.PREVIOUS_TOKEN);
		HeadScores induction = tools.detectHeads(REPEATED, HeadDetector.INDUCTION);
		// Previous-token heads: L0H0 and L0H2 put almost all their attention on the
		// previous token.
		assertThat(previous.best()).startsWith("L0");
		assertThat(previous.score(0, 0)).isGreaterThan(0.9f);
		assertThat(previous.score(0, 2)).isGreaterThan(0.9f);
		// Induction heads: matches exist only for the 40 queries of the repeated half, so
		// 0.5 is the most a head can
		// score; L1H0, L1H1 and L1H3 come close, and no layer-0 head induces.
		assertThat(induction.best()).startsWith("L1");
		for (int head : new int[] { 0, 1, 3 }) {
			assertThat(induction.score(1, head)).as("L1H%d", head).isGreaterThan(0.45f).isLessThanOrEqualTo(0.5f);
		}
		for (int head = 0; head < 4; head++) {
			assertThat(induction.score(0, head)).as("L0H%d", head).isLessThan(0.01f);
		}
		assertThat(induction.labels()).hasSize(8).startsWith("L0H0").endsWith("L1H3");
	}

	@Test
	void patternsAndTopAttendedTokensShowTheCircuit() {
		AttentionTools tools = new AttentionTools(model);
		float[][] pattern = tools.pattern(REPEATED, 0, 0).pattern();
		for (int query = 0; query < REPEATED.length; query++) {
			double sum = 0;
			for (int key = 0; key < REPEATED.length; key++) {
				sum += pattern[query][key];
				if (key > query) {
					assertThat(pattern[query][key]).as("causal at [%d, %d]", query, key).isZero();
				}
			}
			assertThat(sum).as("row %d", query).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
		}
		// The previous-token head looks one back; the induction head looks at the token
		// after the first occurrence.
		assertThat(tools.topAttended(REPEATED, 0, 0, 10, 1).get(0).position()).isEqualTo(9);
		List<AttendedToken> induction = tools.topAttended(REPEATED, 1, 0, 50, 3);
		assertThat(induction.get(0).position()).isEqualTo(11);
		assertThat(induction.get(0).tokenId()).isEqualTo(REPEATED[11]);
		assertThat(induction).extracting(AttendedToken::weight).isSortedAccordingTo((a, b) -> Float.compare(b, a));
		assertThatThrownBy(() -> tools.topAttended(REPEATED, 0, 0, 3, 5)).hasMessageContaining("k = 5")
			.hasMessageContaining("1..4");
		assertThatThrownBy(() -> tools.pattern(REPEATED, 2, 0)).hasMessageContaining("layer = 2")
			.hasMessageContaining("0..1");
		assertThatThrownBy(() -> tools.pattern(REPEATED, 0, 4)).hasMessageContaining("head = 4")
			.hasMessageContaining("0..3");
	}

	@Test
	void theRepeatedHalfIsPredictedFarBetter() {
		LogitLensResult lens = new LogitLens(model).run(REPEATED, 1);
		float[] loss = lens.loss()[lens.loss().length - 1];
		double first = mean(loss, 1, 39);
		double second = mean(loss, 41, 79);
		// meta.json records 4.69 and 0.0034 nats for the two halves of its own repeated
		// sequences.
		assertThat(first).isBetween(3.5, 6.0);
		assertThat(second).isLessThan(first / 100);
	}

	private static double mean(float[] values, int from, int to) {
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += values[i];
		}
		return sum / (to - from);
	}

}
