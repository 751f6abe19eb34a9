package dev.arrakis.tools.residual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.TestSequences;

/** The test models and plain reads of their activations, independent of the tools. */
final class TestModels {

	/** A sequence with repeats, valid in every tiny model's vocabulary. */
	static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	private TestModels() {
	}

	/** One of the tiny random Hugging Face models, in float32 on the CPU. */
	static HookedAutoModel architecture(String architecture) {
		try {
			Path folder = Paths
				.get(TestModels.class.getClassLoader().getResource("hf-reference/" + architecture).toURI());
			return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The 2-layer byte-level model with an induction circuit. */
	static HookedAutoModel induction() {
		try {
			return HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
					new LoadOptions(DType.FLOAT32, "cpu"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code length} random printable bytes (32..126), then the same bytes again: the
	 * sequence the induction model was trained on.
	 */

	/** The model's logits [pos * d_vocab] from a plain run. */
	static float[] logits(HookedAutoModel model, long[] tokens) {
		try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	/** One cached activation [1, pos, d] from a full run, as [pos][d]. */
	static float[][] activation(HookedAutoModel model, long[] tokens, HookName name) {
		try (RunResult run = model.runWithCache(ModelInput.of(tokens), dev.arrakis.engine.hooks.HookFilter.all(),
				null)) {
			HostTensor tensor = run.cache().toHost(name, Narrowing.ALL);
			int positions = (int) tensor.shape()[1];
			int width = (int) (tensor.data().length / positions);
			float[][] rows = new float[positions][width];
			for (int position = 0; position < positions; position++) {
				System.arraycopy(tensor.data(), position * width, rows[position], 0, width);
			}
			return rows;
		}
	}

	static float[][] activation(HookedAutoModel model, long[] tokens, HookPoint point, int layer) {
		return activation(model, tokens, HookName.of(point, layer));
	}

	static double norm(float[] vector) {
		double squares = 0;
		for (float value : vector) {
			squares += (double) value * value;
		}
		return Math.sqrt(squares);
	}

}
