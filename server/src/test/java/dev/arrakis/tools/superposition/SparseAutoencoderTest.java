package dev.arrakis.tools.superposition;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.engine.hooks.UnknownHookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * The sparse autoencoder learns (its reconstruction error falls), its L1 penalty buys
 * sparsity, it is reproducible from its seed, and the numbers it reports are what its
 * returned weights do to the hook's activations.
 */
class SparseAutoencoderTest {

	static final List<long[]> TEXT = TextData.lines("def fibonacci(n):", "    return n if n < 2 else fib(n - 1)",
			"import os.path as path", "for line in open(name):", "class Stack(list):");

	private static final String HOOK = "blocks.1.hook_resid_post";

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void reconstructionImprovesAndTheReportedNumbersAreThoseOfTheReturnedWeights() {
		float[] before = logits();
		SparseAutoencoder sae = tools().trainSparseAutoencoder(TEXT, HOOK, 384, 0.01, 6, 1e-3, 11);
		float[] mse = sae.reconstructionMse();
		assertThat(mse).hasSize(6);
		assertThat(mse[5]).isLessThan(0.7f * mse[0]);
		assertThat(sae.varianceExplained()[5]).isGreaterThan(sae.varianceExplained()[0]);
		assertThat(sae.inputWidth()).isEqualTo(model.config().dModel());
		assertThat(sae.encoderWeight()).hasDimensions(192, 384);
		assertThat(sae.decoderWeight()).hasDimensions(384, 192);
		for (float[] row : sae.decoderWeight()) {
			double squares = 0;
			for (float value : row) {
				squares += value * value;
			}
			assertThat(Math.sqrt(squares)).isCloseTo(1, offset(1e-5));
		}
		// Recompute MSE, L0, variance explained and dead features from the weights.
		float[][] x = activations(HOOK);
		assertThat(sae.positions()).isEqualTo(x.length);
		int width = sae.inputWidth();
		int features = sae.dictionarySize();
		double squaredError = 0;
		double active = 0;
		boolean[] alive = new boolean[features];
		double[] mean = new double[width];
		for (float[] row : x) {
			for (int d = 0; d < width; d++) {
				mean[d] += row[d] / (double) x.length;
			}
		}
		double deviation = 0;
		for (float[] row : x) {
			double[] f = new double[features];
			for (int j = 0; j < features; j++) {
				double pre = sae.encoderBias()[j];
				for (int d = 0; d < width; d++) {
					pre += (row[d] - sae.decoderBias()[d]) * (double) sae.encoderWeight()[d][j];
				}
				f[j] = Math.max(0, pre);
				if (pre > 0) {
					active++;
					alive[j] = true;
				}
			}
			for (int d = 0; d < width; d++) {
				double reconstruction = sae.decoderBias()[d];
				for (int j = 0; j < features; j++) {
					reconstruction += f[j] * sae.decoderWeight()[j][d];
				}
				squaredError += (row[d] - reconstruction) * (row[d] - reconstruction);
				deviation += (row[d] - mean[d]) * (row[d] - mean[d]);
			}
		}
		assertThat((double) mse[5]).isCloseTo(squaredError / (x.length * width), offset(1e-4 * mse[5]));
		assertThat((double) sae.l0()[5]).isCloseTo(active / x.length, offset(0.05));
		assertThat((double) sae.varianceExplained()[5]).isCloseTo(1 - squaredError / deviation, offset(1e-4));
		List<Integer> dead = new ArrayList<>();
		for (int j = 0; j < features; j++) {
			if (!alive[j]) {
				dead.add(j);
			}
		}
		assertThat(sae.deadFeatures()).containsExactly(dead.stream().mapToInt(Integer::intValue).toArray());
		assertThat(logits()).containsExactly(before);
	}

	@Test
	void aStrongerL1PenaltyGivesFewerActiveFeatures() {
		SparseAutoencoder weak = tools().trainSparseAutoencoder(TEXT, HOOK, 384, 0, 6, 1e-3, 5);
		SparseAutoencoder strong = tools().trainSparseAutoencoder(TEXT, HOOK, 384, 1, 6, 1e-3, 5);
		assertThat(strong.l0()[5]).isLessThan(0.9f * weak.l0()[5]);
		assertThat(strong.l0()[5]).isLessThan(strong.l0()[0]);
		// Sparsity is paid for in reconstruction.
		assertThat(strong.reconstructionMse()[5]).isGreaterThan(weak.reconstructionMse()[5]);
	}

	@Test
	void theSameSeedGivesTheSameAutoencoder() {
		SparseAutoencoder first = tools().trainSparseAutoencoder(TEXT, "blocks.0.mlp.hook_post", 64, 0.1, 2, 1e-3, 3);
		SparseAutoencoder again = tools().trainSparseAutoencoder(TEXT, "blocks.0.mlp.hook_post", 64, 0.1, 2, 1e-3, 3);
		SparseAutoencoder other = tools().trainSparseAutoencoder(TEXT, "blocks.0.mlp.hook_post", 64, 0.1, 2, 1e-3, 4);
		assertThat(again.loss()).containsExactly(first.loss());
		assertThat(again.reconstructionMse()).containsExactly(first.reconstructionMse());
		assertThat(again.l0()).containsExactly(first.l0());
		assertThat(again.encoderWeight()).isDeepEqualTo(first.encoderWeight());
		assertThat(again.decoderWeight()).isDeepEqualTo(first.decoderWeight());
		assertThat(again.decoderBias()).containsExactly(first.decoderBias());
		assertThat(other.decoderWeight()[0]).isNotEqualTo(first.decoderWeight()[0]);
		assertThat(first.inputWidth()).isEqualTo(model.config().dMlp());
		assertThat(first.hook()).isEqualTo("blocks.0.mlp.hook_post");
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		SuperpositionTools tools = tools();
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(List.of(), HOOK, 8, 0, 1, 1e-3, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("dataset must hold at least one");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, "blocks.1.hook_resid_pots", 8, 0, 1, 1e-3, 0))
			.isInstanceOf(UnknownHookException.class)
			.hasMessageContaining("blocks.1.hook_resid_pots")
			.hasMessageContaining("did you mean 'blocks.1.hook_resid_post'");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, "blocks.9.hook_resid_post", 8, 0, 1, 1e-3, 0))
			.isInstanceOf(UnknownHookException.class)
			.hasMessageContaining("blocks.9.hook_resid_post");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, "blocks.0.attn.hook_pattern", 8, 0, 1, 1e-3, 0))
			.hasMessageStartingWith(
					"hookName = blocks.0.attn.hook_pattern is indexed [batch,n_heads,query_pos,key_pos]");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, HOOK, 0, 0, 1, 1e-3, 0))
			.hasMessage("dictionarySize = 0 is out of range: valid values are 1..65536");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, HOOK, 8, 0, 0, 1e-3, 0))
			.hasMessage("epochs = 0 is out of range: valid values are 1..1000");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, HOOK, 8, -1, 1, 1e-3, 0))
			.hasMessage("l1Coefficient = -1.0 is out of range: valid values are finite and >= 0");
		assertThatThrownBy(() -> tools.trainSparseAutoencoder(TEXT, HOOK, 8, 0, 1, 0, 0))
			.hasMessage("learningRate = 0.0 is out of range: valid values are finite and > 0");
	}

	@Test
	void trainingReportsTheCurvesOfTheEpochsDoneAsPrefixesOfTheResult() {
		List<Object> reports = new ArrayList<>();
		ForwardWatch watch = new ForwardWatch(reports::add);
		SparseAutoencoder sae = watch.watch(() -> tools().trainSparseAutoencoder(TEXT, HOOK, 64, 0.01, 3, 1e-3, 5));
		assertThat(reports).hasSize(3).allMatch(SparseAutoencoderProgress.class::isInstance);
		for (int i = 0; i < reports.size(); i++) {
			SparseAutoencoderProgress progress = (SparseAutoencoderProgress) reports.get(i);
			int epochs = i + 1;
			assertThat(progress.loss()).isEqualTo(Arrays.copyOf(sae.loss(), epochs));
			assertThat(progress.reconstructionMse()).isEqualTo(Arrays.copyOf(sae.reconstructionMse(), epochs));
			assertThat(progress.l0()).isEqualTo(Arrays.copyOf(sae.l0(), epochs));
			assertThat(progress.varianceExplained()).isEqualTo(Arrays.copyOf(sae.varianceExplained(), epochs));
			assertThat(progress.hook()).isEqualTo(sae.hook());
			assertThat(progress.definition()).isEqualTo(sae.definition());
			assertThat(progress.inputWidth()).isEqualTo(sae.inputWidth());
			assertThat(progress.dictionarySize()).isEqualTo(sae.dictionarySize());
			assertThat(progress.positions()).isEqualTo(sae.positions());
			assertThat(progress.epochs()).isEqualTo(3);
		}
	}

	private static SuperpositionTools tools() {
		return new SuperpositionTools(model);
	}

	/** The hook's activations, one row per position of every sequence of TEXT. */
	private static float[][] activations(String hook) {
		HookName name = HookName.parse(hook, model.hookNames());
		List<float[]> rows = new ArrayList<>();
		for (long[] sequence : TEXT) {
			try (RunResult run = model.runWithCache(ModelInput.of(sequence), HookFilter.all(), null)) {
				HostTensor activation = run.cache().toHost(name, Narrowing.ALL);
				int width = (int) activation.shape()[2];
				for (int position = 0; position < sequence.length; position++) {
					float[] row = new float[width];
					System.arraycopy(activation.data(), position * width, row, 0, width);
					rows.add(row);
				}
			}
		}
		return rows.toArray(float[][]::new);
	}

	private static float[] logits() {
		try (RunResult run = model.runWithHooks(ModelInput.of(TEXT.get(0)), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
