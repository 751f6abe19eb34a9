package dev.arrakis.tools.causal;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Causal tracing on tiny-induction-2l. The prompt is 40 random bytes followed by the
 * first 8 again, so the last position (47) holds the token first seen at position 7, and
 * induction predicts the token that followed it, at position 8. Noising the embeddings of
 * that first occurrence (positions 7 and 8) takes away what induction copies.
 */
class CausalTracingTest {

	private static final long[] REPEATED = TestSequences.repeatedRandom(40, 7);

	private static final long[] PROMPT = Arrays.copyOf(REPEATED, 48);

	private static final int LAST = PROMPT.length - 1;

	/** The token after the last one's first occurrence: what induction predicts. */
	private static final int COPIED = 8;

	private static final long TARGET = REPEATED[48];

	private static HookedAutoModel model;

	private static ActivationPatching tool;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		tool = new ActivationPatching(model);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void restoringTheCopiedTokenOrTheInductionOutputUndoesTheNoise() {
		assertThat(PROMPT[LAST]).isEqualTo(PROMPT[COPIED - 1]);
		assertThat(TARGET).isEqualTo(PROMPT[COPIED]);
		CausalTrace trace = tool.trace(PROMPT, COPIED - 1, COPIED + 1, TARGET, 3, 4, 1);
		assertThat(trace.layers()).containsExactly("L0", "L1");
		assertThat(trace.positions()).hasSize(PROMPT.length);
		assertThat(trace.residPost()).hasDimensions(2, PROMPT.length);
		assertThat(trace.samples()).isEqualTo(4);
		// Induction predicts the repeated token almost surely; noise on what it copies
		// ruins that.
		assertThat(trace.clean()).isGreaterThan(0.9);
		assertThat(trace.corrupted()).isLessThan(trace.clean() / 10);
		// Everything downstream of the last layer's output at the last position is clean
		// once it is restored: the clean probability, exactly.
		assertThat((double) trace.residPost()[1][LAST]).isCloseTo(trace.clean(), Offset.offset(1e-6));
		// States before the subject are not touched by the noise: restoring them does
		// nothing.
		for (int layer = 0; layer < 2; layer++) {
			for (int position = 0; position < COPIED - 1; position++) {
				assertThat((double) trace.residPost()[layer][position]).isCloseTo(trace.corrupted(),
						Offset.offset(1e-6));
				assertThat((double) trace.mlpOut()[layer][position]).isCloseTo(trace.corrupted(), Offset.offset(1e-6));
			}
		}
		// The clean state of the copied token after layer 0 is what the induction heads
		// read, and the last layer's attention output at the last position is what they
		// write: restoring either brings the prediction back.
		assertThat((double) trace.residPost()[0][COPIED]).isGreaterThan(0.9 * trace.clean());
		assertThat((double) trace.attnOut()[1][LAST]).isGreaterThan(0.9 * trace.clean());
		assertThat(trace.noiseStd()).isPositive();
	}

	@Test
	void theSameSeedGivesTheSameTraceAndBatchingDoesNotChangeIt() {
		long[] prompt = Arrays.copyOf(REPEATED, 8);
		CausalTrace batched = tool.trace(prompt, 3, 5, REPEATED[8], 3, 2, 5);
		CausalTrace again = tool.trace(prompt, 3, 5, REPEATED[8], 3, 2, 5);
		CausalTrace serial = new ActivationPatching(model, SweepBatching.SERIAL).trace(prompt, 3, 5, REPEATED[8], 3, 2,
				5);
		assertThat(again.residPost()).isDeepEqualTo(batched.residPost());
		assertThat(again.corrupted()).isEqualTo(batched.corrupted());
		ActivationPatchingTest.assertClose(new float[][][] { batched.residPost(), batched.attnOut(), batched.mlpOut() },
				new float[][][] { serial.residPost(), serial.attnOut(), serial.mlpOut() }, 1e-5);
		assertThat(serial.corrupted()).isCloseTo(batched.corrupted(), Offset.offset(1e-6));
	}

	@Test
	void badInputIsRefusedNamingTheParameter() {
		assertThatThrownBy(() -> tool.trace(new long[0], 0, 1, 1, 3, 1, 0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("tokens must hold at least 1");
		assertThatThrownBy(() -> tool.trace(PROMPT, 48, 49, 1, 3, 1, 0)).hasMessageContaining("subjectFrom = 48")
			.hasMessageContaining("0..47");
		assertThatThrownBy(() -> tool.trace(PROMPT, -1, 2, 1, 3, 1, 0)).hasMessageContaining("subjectFrom = -1");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 5, 1, 3, 1, 0)).hasMessageContaining("subjectTo = 5")
			.hasMessageContaining("6..48");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 49, 1, 3, 1, 0)).hasMessageContaining("subjectTo = 49");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 6, 256, 3, 1, 0)).hasMessageContaining("targetToken = 256")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 6, 1, 0, 1, 0)).hasMessageContaining("noiseScale = 0")
			.hasMessageContaining("> 0");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 6, 1, Double.NaN, 1, 0))
			.hasMessageContaining("noiseScale = NaN");
		assertThatThrownBy(() -> tool.trace(PROMPT, 5, 6, 1, 3, 0, 0)).hasMessageContaining("samples = 0")
			.hasMessageContaining("1..");
	}

}
