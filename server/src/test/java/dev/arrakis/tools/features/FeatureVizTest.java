package dev.arrakis.tools.features;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.engine.hooks.UnknownHookException;
import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Max-activating examples agree with a brute-force scan of the cached activations, come
 * sorted, carry their context clipped to the sequence, and find a byte detector: on
 * tiny-gpt2-bytes, MLP neuron L0N6 fires on the byte {@code f} (found by scanning every
 * layer-0 neuron over this corpus: its activation on every {@code f} exceeds its
 * activation on every other byte by a wide margin).
 */
class FeatureVizTest {

	private static final List<long[]> CORPUS = List.of(bytes("def fibonacci(n):\n    if n < 2:\n        return n\n"),
			bytes("import os\nimport sys\n\nclass Path(object):\n    def __init__(self, name):\n"),
			bytes("for i in range(10):\n    print(i, [x * 2 for x in items])\n"),
			bytes("    # comment: see below\n    return {'a': 1, \"b\": 2}\n"));

	private static final JsonMapper STRICT = JsonMapper.builder()
		.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private static HookedAutoModel model;

	private static float[] before;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		before = logits(model, CORPUS.get(0));
	}

	@AfterAll
	static void close() {
		assertThat(logits(model, CORPUS.get(0))).as("the model's logits after the tool ran").containsExactly(before);
		model.close();
	}

	@Test
	void theTopValuesAreTheBruteForceMaximaInDescendingOrder() {
		FeatureViz viz = new FeatureViz(model);
		for (int layer : new int[] { 0, model.config().nLayers() - 1 }) {
			for (int neuron : new int[] { 17, model.config().dMlp() - 1 }) {
				TopActivations top = viz.topActivations(CORPUS, layer, neuron, 5, 2);
				float[][] scanned = scan(model, CORPUS, HookName.of(HookPoint.MLP_POST, layer), neuron);
				assertMatchesScan(top, scanned, 5);
				assertThat(top.label()).isEqualTo("L%dN%d".formatted(layer, neuron));
				assertThat(top.hook()).isEqualTo("blocks.%d.mlp.hook_post".formatted(layer));
			}
		}
		TopActivations residual = viz.topActivationsForHook(CORPUS, "blocks.2.hook_resid_post", 11, 4, 1);
		assertMatchesScan(residual, scan(model, CORPUS, HookName.residPost(2), 11), 4);
		assertThat(residual.label()).isEqualTo("blocks.2.hook_resid_post[11]");
		TopActivations logit = viz.topActivationsForHook(CORPUS, "logits", 'n', 3, 1);
		assertMatchesScan(logit, scan(model, CORPUS, HookName.of(HookPoint.LOGITS), 'n'), 3);
		TopActivations sameNeuron = viz.topActivationsForHook(CORPUS, "blocks.1.mlp.hook_post", 17, 5, 2);
		assertThat(sameNeuron.examples()).usingRecursiveFieldByFieldElementComparator()
			.isEqualTo(viz.topActivations(CORPUS, 1, 17, 5, 2).examples());
	}

	@Test
	void everyExampleCarriesItsContextClippedToTheSequence() {
		long positions = CORPUS.stream().mapToLong(sequence -> sequence.length).sum();
		TopActivations all = new FeatureViz(model).topActivations(CORPUS, 1, 3, (int) positions, 3);
		assertThat(all.positions()).isEqualTo(positions);
		assertThat(all.sequences()).isEqualTo(CORPUS.size());
		assertThat(all.examples()).hasSize((int) positions)
			.anySatisfy(example -> assertThat(example.position()).isZero())
			.anySatisfy(example -> assertThat(example.position()).isEqualTo(CORPUS.get(example.sequence()).length - 1));
		for (ActivatingExample example : all.examples()) {
			long[] sequence = CORPUS.get(example.sequence());
			int start = Math.max(0, example.position() - 3);
			int end = Math.min(sequence.length, example.position() + 4);
			assertThat(example.contextStart()).isEqualTo(start);
			assertThat(example.context()).isEqualTo(Arrays.copyOfRange(sequence, start, end));
			assertThat(example.tokenId()).isEqualTo(sequence[example.position()]);
			List<String> text = new ArrayList<>();
			for (long token : example.context()) {
				text.add(String.valueOf((char) token));
			}
			assertThat(example.contextTokens()).isEqualTo(text);
		}
		TopActivations narrow = new FeatureViz(model).topActivations(CORPUS, 1, 3, 3, 0);
		assertThat(narrow.examples())
			.allSatisfy(example -> assertThat(example.context()).containsExactly(example.tokenId()));
	}

	@Test
	void aByteDetectorNeuronsTopExamplesAreThatByte() {
		long f = 'f';
		int occurrences = (int) CORPUS.stream().flatMapToLong(Arrays::stream).filter(token -> token == f).count();
		assertThat(occurrences).isGreaterThanOrEqualTo(4);
		TopActivations top = new FeatureViz(model).topActivations(CORPUS, 0, 6, occurrences, 2);
		assertThat(top.examples()).allSatisfy(example -> {
			assertThat(example.tokenId()).isEqualTo(f);
			assertThat(example.contextTokens()).contains("f");
		});
	}

	@Test
	void resultsSerialiseToStrictJson() {
		TopActivations top = new FeatureViz(model).topActivations(CORPUS, 0, 6, 2, 1);
		JsonNode json = STRICT.readTree(STRICT.writeValueAsString(top));
		assertThat(json.get("label").asString()).isEqualTo("L0N6");
		assertThat(json.get("metric").asString()).startsWith("activation of blocks.0.mlp.hook_post[6]");
		assertThat(json.get("examples")).hasSize(2);
		assertThat(json.get("examples").get(0).get("context").isArray()).isTrue();
	}

	@Test
	void everyMethodIsDescribedAsData() {
		InterpretabilityTool tool = new FeatureViz(model);
		assertThat(tool.key()).isEqualTo("feature_viz");
		assertThat(tool.description()).isNotBlank();
		assertThat(tool.methods()).extracting(ToolMethod::name)
			.containsExactly("top_activations", "top_activations_for_hook");
		assertThat(tool.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).isNotEmpty()
				.allSatisfy(param -> assertThat(param.unit()).as(param.name()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		FeatureViz viz = new FeatureViz(model);
		assertThatThrownBy(() -> viz.topActivations(CORPUS, 0, 768, 1, 1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("neuron = 768 is out of range: valid values are 0..767");
		assertThatThrownBy(() -> viz.topActivations(CORPUS, 4, 0, 1, 1))
			.hasMessage("layer = 4 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> viz.topActivations(CORPUS, 0, 0, 0, 1)).hasMessageStartingWith("k = 0 is out of range")
			.hasMessageContaining("positions in the corpus");
		assertThatThrownBy(() -> viz.topActivations(List.of(new long[] { 1, 2 }), 0, 0, 3, 1))
			.hasMessage("k = 3 is out of range: valid values are 1..2 (positions in the corpus)");
		assertThatThrownBy(() -> viz.topActivations(CORPUS, 0, 0, 1, -1))
			.hasMessage("contextWindow = -1 is out of range: valid values are 0..256");
		assertThatThrownBy(() -> viz.topActivations(List.of(), 0, 0, 1, 1))
			.hasMessage("corpus must hold at least one sequence");
		assertThatThrownBy(() -> viz.topActivations(List.of(new long[] { 1 }, new long[] {}), 0, 0, 1, 1))
			.hasMessageContaining("corpus[1] must hold at least 1 token");
		assertThatThrownBy(() -> viz.topActivations(List.of(new long[] { 1, 999 }), 0, 0, 1, 1))
			.hasMessage("corpus[0][1] = 999 is not a token id: valid ids are 0..255");
		assertThatThrownBy(() -> viz.topActivationsForHook(CORPUS, "blocks.0.hook_resid_pots", 0, 1, 1))
			.isInstanceOf(UnknownHookException.class)
			.hasMessageContaining("blocks.0.hook_resid_post");
		assertThatThrownBy(() -> viz.topActivationsForHook(CORPUS, "blocks.0.attn.hook_pattern", 0, 1, 1))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("[batch, n_heads, query_pos, key_pos]")
			.hasMessageContaining("[batch, pos, feature]");
		assertThatThrownBy(() -> viz.topActivationsForHook(CORPUS, "blocks.0.hook_resid_post", 192, 1, 1))
			.hasMessage("index = 192 is out of range: valid values are 0..191");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void findsTheBruteForceMaximaOnEveryArchitecture(String architecture) throws IOException, URISyntaxException {
		List<long[]> corpus = List.of(new long[] { 5, 17, 99, 5, 17, 99, 5 }, new long[] { 200, 3, 5, 17 });
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel reference = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] original = logits(reference, corpus.get(0));
			FeatureViz viz = new FeatureViz(reference);
			int last = reference.config().nLayers() - 1;
			int neuron = reference.config().dMlp() - 1;
			TopActivations top = viz.topActivations(corpus, last, neuron, 4, 2);
			assertMatchesScan(top, scan(reference, corpus, HookName.of(HookPoint.MLP_POST, last), neuron), 4);
			assertThat(top.examples()).allSatisfy(example -> assertThat(example.contextTokens()).isNull());
			TopActivations embed = viz.topActivationsForHook(corpus, "hook_embed", 3, 2, 1);
			assertMatchesScan(embed, scan(reference, corpus, HookName.of(HookPoint.EMBED), 3), 2);
			assertThat(logits(reference, corpus.get(0))).as("%s logits after the tool ran", architecture)
				.containsExactly(original);
		}
	}

	/**
	 * The top examples are the k largest values of the brute-force scan, in descending
	 * order, each at the sequence and position it names.
	 */
	private static void assertMatchesScan(TopActivations top, float[][] scanned, int k) {
		List<Float> all = new ArrayList<>();
		for (float[] sequence : scanned) {
			for (float value : sequence) {
				all.add(value);
			}
		}
		all.sort((a, b) -> Float.compare(b, a));
		assertThat(top.examples()).hasSize(k);
		for (int i = 0; i < k; i++) {
			ActivatingExample example = top.examples().get(i);
			assertThat(example.value()).as("example %d", i).isEqualTo(all.get(i));
			assertThat(example.value()).isEqualTo(scanned[example.sequence()][example.position()]);
		}
	}

	/**
	 * The hook's values at {@code index} of its last axis, read on the host from a run
	 * through every layer.
	 */
	private static float[][] scan(HookedAutoModel source, List<long[]> corpus, HookName hook, int index) {
		float[][] values = new float[corpus.size()][];
		for (int s = 0; s < corpus.size(); s++) {
			long[] tokens = corpus.get(s);
			try (RunResult run = source.runWithCache(ModelInput.of(tokens), HookFilter.of(hook::equals), null)) {
				HostTensor activation = run.cache().toHost(hook, Narrowing.ALL);
				values[s] = new float[tokens.length];
				for (int position = 0; position < tokens.length; position++) {
					values[s][position] = activation.get(0, position, index);
				}
			}
		}
		return values;
	}

	private static long[] bytes(String text) {
		byte[] raw = text.getBytes(StandardCharsets.UTF_8);
		long[] tokens = new long[raw.length];
		for (int i = 0; i < raw.length; i++) {
			tokens[i] = raw[i] & 0xff;
		}
		return tokens;
	}

	private static float[] logits(HookedAutoModel source, long[] tokens) {
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
