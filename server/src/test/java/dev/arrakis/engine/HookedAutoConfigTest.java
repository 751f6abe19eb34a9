package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Building configs: by seed name from hyperparameters (then a seeded random model), and
 * from config.json files, where keys the architecture does not handle are refused by name
 * and both transformers 4.x and 5.x rope styles are read.
 */
class HookedAutoConfigTest {

	private static final List<String> SEED_NAMES = List.of("gpt2", "gpt-neo", "gpt-neox", "llama", "gemma", "phi3",
			"qwen2", "mistral", "stable-lm");

	private static final LoadOptions CPU = new LoadOptions(DType.FLOAT32, "cpu");

	private static final long[] TOKENS = { 1, 5, 9, 33, 63 };

	@TempDir
	Path dir;

	@Test
	void unsupportedNameIsRefusedWithTheSupportedList() {
		assertThatThrownBy(() -> HookedAutoConfig.of("t5", Map.of()))
			.isInstanceOfSatisfying(UnsupportedArchitectureException.class, ex -> {
				assertThat(ex.name()).isEqualTo("t5");
				assertThat(ex.supported()).containsExactlyElementsOf(SEED_NAMES);
				assertThat(ex.getMessage()).contains("'t5'").contains(SEED_NAMES.toString());
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt-neo", "gpt_neo", "gpt-neox", "gpt_neox", "llama", "gemma", "phi3", "qwen2",
			"mistral", "stable-lm", "stablelm" })
	void everySeedNameBuildsASeededRandomModelThatRuns(String name) {
		HookedAutoConfig config = HookedAutoConfig.of(name, smallHyperparameters(name));
		assertThat(config.dModel()).isEqualTo(32);
		assertThat(config.nLayers()).isEqualTo(2);
		assertThat(config.nHeads()).isEqualTo(4);
		assertThat(config.dMlp()).isEqualTo(64);
		assertThat(config.dVocab()).isEqualTo(64);
		float[] first = randomLogits(config, 42);
		assertThat(first).hasSize(5 * 64);
		long nonFinite = IntStream.range(0, first.length).filter(i -> !Float.isFinite(first[i])).count();
		assertThat(nonFinite).as(name + " non-finite logits").isZero();
		assertThat(randomLogits(config, 42)).as(name + " same seed").isEqualTo(first);
		assertThat(randomLogits(config, 43)).as(name + " different seed").isNotEqualTo(first);
	}

	@Test
	void hfAndSeedSpellingsBuildTheSameConfig() {
		assertThat(HookedAutoConfig.of("gpt-neo", smallHyperparameters("gpt-neo")))
			.isEqualTo(HookedAutoConfig.of("gpt_neo", smallHyperparameters("gpt_neo")));
		assertThat(HookedAutoConfig.of("gpt-neox", smallHyperparameters("gpt-neox")))
			.isEqualTo(HookedAutoConfig.of("gpt_neox", smallHyperparameters("gpt_neox")));
		assertThat(HookedAutoConfig.of("stable-lm", smallHyperparameters("stable-lm")))
			.isEqualTo(HookedAutoConfig.of("stablelm", smallHyperparameters("stablelm")));
	}

	/** Logits [1, 5, 64] of a random model built with {@code seed}. */
	private static float[] randomLogits(HookedAutoConfig config, long seed) {
		try (HookedAutoModel model = HookedAutoModel.random(config, seed, CPU);
				RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			assertThat(run.output().getShape().getShape()).containsExactly(1, 5, 64);
			return run.output().toFloatArray();
		}
	}

	/**
	 * hidden 32, 2 layers, 4 heads, MLP 64, vocabulary 64, each under the family's own
	 * key names.
	 */
	private static Map<String, Object> smallHyperparameters(String name) {
		Map<String, Object> h = new HashMap<>();
		switch (name) {
			case "gpt2" -> {
				h.put("n_embd", 32);
				h.put("n_layer", 2);
				h.put("n_head", 4);
				h.put("n_inner", 64);
				h.put("n_positions", 16);
			}
			case "gpt-neo", "gpt_neo" -> {
				h.put("hidden_size", 32);
				h.put("num_layers", 2);
				h.put("num_heads", 4);
				h.put("intermediate_size", 64);
				h.put("max_position_embeddings", 16);
			}
			default -> {
				h.put("hidden_size", 32);
				h.put("num_hidden_layers", 2);
				h.put("num_attention_heads", 4);
				h.put("intermediate_size", 64);
				h.put("max_position_embeddings", 16);
			}
		}
		h.put("vocab_size", 64);
		return h;
	}

	@Test
	void mlpBiasIsRefusedByName() throws IOException {
		assertRefusedNaming("llama", json -> json.addProperty("mlp_bias", true), "mlp_bias");
	}

	@Test
	void unknownKeyIsRefusedByName() throws IOException {
		assertRefusedNaming("llama", json -> json.addProperty("foo_bar", 3), "foo_bar");
		assertRefusedNaming("gpt2", json -> json.addProperty("foo_bar", 3), "foo_bar");
		assertRefusedNaming("gpt_neox", json -> json.addProperty("foo_bar", 3), "foo_bar");
	}

	@Test
	void scaledRopeInTheOldStyleIsRefusedAsRopeScaling() throws IOException {
		assertRefusedNaming("llama", json -> {
			json.remove("rope_parameters");
			json.addProperty("rope_theta", 10000.0);
			json.add("rope_scaling", JsonParser.parseString("{\"type\": \"linear\", \"factor\": 2}"));
		}, "rope_scaling");
	}

	@Test
	void scaledRopeBesideDefaultRopeParametersIsRefusedAsRopeScaling() throws IOException {
		assertRefusedNaming("llama",
				json -> json.add("rope_scaling", JsonParser.parseString("{\"type\": \"linear\", \"factor\": 2}")),
				"rope_scaling");
	}

	@Test
	void scaledRopeInTheNewStyleIsRefusedAsRopeParameters() throws IOException {
		assertRefusedNaming("llama",
				json -> json.add("rope_parameters",
						JsonParser.parseString("{\"rope_type\": \"yarn\", \"factor\": 4, \"rope_theta\": 10000}")),
				"rope_parameters");
	}

	@Test
	void scaledRopeParametersAreNotHiddenByADefaultRopeScaling() throws IOException {
		assertRefusedNaming("llama", json -> {
			json.add("rope_parameters",
					JsonParser.parseString("{\"rope_type\": \"linear\", \"factor\": 2, \"rope_theta\": 10000}"));
			json.add("rope_scaling", JsonParser.parseString("{\"rope_type\": \"default\"}"));
		}, "rope_parameters");
	}

	private void assertRefusedNaming(String architecture, Consumer<JsonObject> edit, String key) throws IOException {
		Path config = editedConfig(architecture, edit);
		assertThatThrownBy(() -> HookedAutoConfig.fromHf(HfConfig.read(config))).as(key)
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining(key);
	}

	@Test
	void referenceConfigsReadTheirRotarySettingsExactly() throws IOException {
		assertThat(positional("llama", json -> {
		})).isEqualTo(new Positional.Rotary(16, 10000.0));
		assertThat(positional("gpt_neox", json -> {
		})).isEqualTo(new Positional.Rotary(4, 10000.0));
		assertThat(positional("stablelm", json -> {
		})).isEqualTo(new Positional.Rotary(4, 10000.0));
		assertThat(positional("gpt2", json -> {
		})).isEqualTo(new Positional.Learned());
	}

	@Test
	void llamaRopeThetaReadsTheSameInBothStyles() throws IOException {
		Positional old = positional("llama", json -> {
			json.remove("rope_parameters");
			json.addProperty("rope_theta", 500000.0);
		});
		Positional current = positional("llama", json -> json.add("rope_parameters",
				JsonParser.parseString("{\"rope_theta\": 500000.0, \"rope_type\": \"default\"}")));
		assertThat(old).isEqualTo(new Positional.Rotary(16, 500000.0)).isEqualTo(current);
	}

	@Test
	void gptNeoxRotaryPctAndEmbBaseReadTheSameAsRopeParameters() throws IOException {
		Positional old = positional("gpt_neox", json -> {
			json.remove("rope_parameters");
			json.remove("partial_rotary_factor");
			json.addProperty("rotary_pct", 0.5);
			json.addProperty("rotary_emb_base", 20000);
		});
		Positional current = positional("gpt_neox", json -> {
			json.remove("partial_rotary_factor");
			json.add("rope_parameters", JsonParser
				.parseString("{\"partial_rotary_factor\": 0.5, \"rope_theta\": 20000.0, \"rope_type\": \"default\"}"));
		});
		assertThat(old).isEqualTo(new Positional.Rotary(8, 20000.0)).isEqualTo(current);
		Positional pythiaDefaults = positional("gpt_neox", json -> {
			json.remove("rope_parameters");
			json.remove("partial_rotary_factor");
			json.addProperty("rotary_pct", 0.25);
			json.addProperty("rotary_emb_base", 10000);
		});
		assertThat(pythiaDefaults).isEqualTo(new Positional.Rotary(4, 10000.0));
	}

	@Test
	void stableLmPartialRotaryFactorReadsTheSameInBothStyles() throws IOException {
		Positional old = positional("stablelm", json -> {
			json.remove("rope_parameters");
			json.addProperty("partial_rotary_factor", 0.5);
			json.addProperty("rope_theta", 1000.0);
		});
		Positional current = positional("stablelm", json -> {
			json.remove("partial_rotary_factor");
			json.add("rope_parameters", JsonParser
				.parseString("{\"partial_rotary_factor\": 0.5, \"rope_theta\": 1000.0, \"rope_type\": \"default\"}"));
		});
		assertThat(old).isEqualTo(new Positional.Rotary(8, 1000.0)).isEqualTo(current);
	}

	private Positional positional(String architecture, Consumer<JsonObject> edit) throws IOException {
		return HookedAutoConfig.fromHf(HfConfig.read(editedConfig(architecture, edit))).positional();
	}

	/** The reference config.json of {@code architecture}, edited, in a fresh file. */
	private Path editedConfig(String architecture, Consumer<JsonObject> edit) throws IOException {
		Path original = ReferenceData.resource("hf-reference/" + architecture).resolve("config.json");
		JsonObject json = JsonParser.parseString(Files.readString(original)).getAsJsonObject();
		edit.accept(json);
		return Files.writeString(Files.createTempFile(this.dir, architecture, ".json"), json.toString());
	}

}
