package dev.arrakis.bench.profile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

/** The real models the profiler's tests run on. */
final class ProfileModels {

	static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	private ProfileModels() {
	}

	/** One of the tiny Hugging Face reference models, in float32 on the CPU. */
	static HookedAutoModel reference(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths
			.get(ProfileModels.class.getClassLoader().getResource("hf-reference/" + architecture).toURI());
		return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
	}

	static HookedAutoModel induction() throws IOException {
		return HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l"),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	/** The logits of a plain forward, without hooks. */
	static float[] plainLogits(HookedAutoModel model, long[] tokens) {
		try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
