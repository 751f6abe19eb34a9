package dev.arrakis.bench.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.types.DataType;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

/** The models and helpers the plot tests share. */
final class PlotTestModels {

	/** Strict JSON: reading rejects NaN and Infinity tokens. */
	static final JsonMapper STRICT = JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

	static final String[] ARCHITECTURES = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral",
			"stablelm" };

	private PlotTestModels() {
	}

	static HookedAutoModel tinyInduction() {
		return load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath());
	}

	static HookedAutoModel reference(String architecture) {
		try {
			return load(Paths
				.get(PlotTestModels.class.getClassLoader().getResource("hf-reference/" + architecture).toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HookedAutoModel load(Path folder) {
		try {
			return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The model's logits [1, pos, d_vocab], flattened. */
	static float[] logits(HookedAutoModel model, long[] tokens) {
		try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	/** The JSON of {@code data}, read back with the strict mapper. */
	static String strictJson(Object data) {
		String json = STRICT.writeValueAsString(data);
		STRICT.readTree(json);
		return json;
	}

}
