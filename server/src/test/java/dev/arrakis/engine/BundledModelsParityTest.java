package dev.arrakis.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.tokenizer.Tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three bundled models against their own {@code reference.safetensors} (written by
 * Hugging Face transformers on the meta.json prompt), their parameter counts against
 * meta.json, and tokenizer + greedy generation against the continuation recorded in
 * meta.json.
 */
class BundledModelsParityTest {

	@ParameterizedTest
	@ValueSource(strings = { "tiny-gpt2-bytes", "tiny-llama-bytes", "tiny-induction-2l" })
	void matchesItsReferenceActivations(String name) throws IOException {
		Path folder = ReferenceData.bundledModel(name);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			ReferenceData ref = ReferenceData.open(folder.resolve("reference.safetensors"), manager);
			assertThat(HfReferenceParityTest.assertActivationsMatch(model, ref)).contains("logits", "pattern.0",
					"hidden_states_last");
			assertThat(model.parameterCount()).isEqualTo(meta(folder).get("params").getAsLong());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tiny-gpt2-bytes", "tiny-llama-bytes", "tiny-induction-2l" })
	void tokenizerEncodesThePromptAsTheReferenceDid(String name) throws IOException {
		Path folder = ReferenceData.bundledModel(name);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			ReferenceData ref = ReferenceData.open(folder.resolve("reference.safetensors"), manager);
			Tokenizer tokenizer = model.tokenizer();
			assertThat(tokenizer).isNotNull();
			long[] ids = tokenizer.encode(meta(folder).get("prompt").getAsString(), null);
			assertThat(ids).isEqualTo(ref.longs("input_ids")[0]);
			assertThat(tokenizer.encode("def", null)).containsExactly(100, 101, 102);
			assertThat(tokenizer.decode(ids)).isEqualTo(meta(folder).get("prompt").getAsString());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tiny-gpt2-bytes", "tiny-llama-bytes", "tiny-induction-2l" })
	void greedyGenerationReproducesTheRecordedContinuation(String name) throws IOException {
		Path folder = ReferenceData.bundledModel(name);
		String continuation = meta(folder).get("greedy_continuation").getAsString();
		String prompt = "def fibonacci(n):\n";
		assertThat(continuation).startsWith(prompt);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			Tokenizer tokenizer = model.tokenizer();
			long[] promptIds = tokenizer.encode(prompt, null);
			int newTokens = tokenizer.encode(continuation, null).length - promptIds.length;
			long[][] generated = model.generate(ModelInput.of(promptIds), GenerationOptions.greedy(newTokens));
			assertThat(tokenizer.decode(generated[0])).isEqualTo(continuation);
		}
	}

	static JsonObject meta(Path folder) throws IOException {
		try (Reader reader = Files.newBufferedReader(folder.resolve("meta.json"))) {
			return JsonParser.parseReader(reader).getAsJsonObject();
		}
	}

}
