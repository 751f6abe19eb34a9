package dev.arrakis.tools.knowledge;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.UnknownHookException;
import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Probes on tiny-gpt2-bytes: whether a sequence ends in a digit or a letter is linearly
 * readable from the residual stream at the last token (held-out accuracy >= 0.95, far
 * above the majority baseline), random labels are not (held-out accuracy <= 0.7 on 80
 * held-out sequences, where chance is 0.5), and seeded runs repeat exactly.
 */
class KnowledgeProberTest {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private static final int SEQUENCES = 320;

	private static HookedAutoModel model;

	private static float[] before;

	private static final List<long[]> sequences = new ArrayList<>();

	/** 1 when the sequence ends in a digit, 0 when it ends in a letter. */
	private static final int[] endsInDigit = new int[SEQUENCES];

	/** Coin flips, unrelated to the sequences. */
	private static final int[] coinFlips = new int[SEQUENCES];

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		SplittableRandom random = new SplittableRandom(2024);
		String digits = "0123456789";
		String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
		for (int i = 0; i < SEQUENCES; i++) {
			long[] tokens = new long[8];
			for (int p = 0; p < tokens.length - 1; p++) {
				tokens[p] = 32 + random.nextInt(95);
			}
			endsInDigit[i] = random.nextInt(2);
			String pool = endsInDigit[i] == 1 ? digits : letters;
			tokens[tokens.length - 1] = pool.charAt(random.nextInt(pool.length()));
			coinFlips[i] = random.nextInt(2);
			sequences.add(tokens);
		}
		before = logits(model, sequences.get(0));
	}

	@AfterAll
	static void close() {
		assertThat(logits(model, sequences.get(0))).as("the model's logits after probing").containsExactly(before);
		model.close();
	}

	@Test
	void whetherTheLastByteIsADigitIsReadFromTheResidualStream() {
		ProbeResult probe = new KnowledgeProber(model).trainProbe(sequences, endsInDigit, "blocks.1.hook_resid_post",
				-1, 0.25, 0.01, 300, 7);
		assertThat(probe.classes()).containsExactly(0, 1);
		assertThat(probe.testCounts()[0] + probe.testCounts()[1]).isEqualTo(80);
		assertThat(probe.trainCounts()[0] + probe.trainCounts()[1]).isEqualTo(240);
		assertThat(probe.testAccuracy()).isGreaterThanOrEqualTo(0.95).isGreaterThan(probe.majorityBaseline() + 0.3);
		assertThat(probe.majorityBaseline()).isBetween(0.4, 0.6);
		assertThat(probe.weights()).hasDimensions(2, model.config().dModel());
		assertThat(probe.hook()).isEqualTo("blocks.1.hook_resid_post");
		assertThat(probe.metric()).contains("held-out").contains("last token");
	}

	@Test
	void randomLabelsStayNearChanceOnHeldOutSequences() {
		ProbeResult probe = new KnowledgeProber(model).trainProbe(sequences, coinFlips, "blocks.3.hook_resid_post", -1,
				0.25, 0.01, 300, 7);
		// The probe can memorise the training labels, but what it learns does not carry
		// over.
		assertThat(probe.trainAccuracy()).isGreaterThan(probe.testAccuracy());
		assertThat(probe.testAccuracy()).isLessThanOrEqualTo(0.7);
	}

	@Test
	void theLayerSweepIsTheProbeOnEveryResidualStreamAndSeededRunsRepeat() {
		KnowledgeProber prober = new KnowledgeProber(model);
		List<long[]> some = sequences.subList(0, 48);
		int[] labels = java.util.Arrays.copyOf(endsInDigit, 48);
		LayerSweep sweep = prober.probeAllLayers(some, labels, -1, 0.25, 0.01, 150, 5);
		assertThat(sweep.hooks()).hasSize(model.config().nLayers()).startsWith("blocks.0.hook_resid_post");
		assertThat(sweep.testAccuracy()[0]).isGreaterThan((float) sweep.majorityBaseline());
		for (int layer = 0; layer < model.config().nLayers(); layer++) {
			ProbeResult single = prober.trainProbe(some, labels, "blocks.%d.hook_resid_post".formatted(layer), -1, 0.25,
					0.01, 150, 5);
			assertThat(sweep.testAccuracy()[layer]).isEqualTo((float) single.testAccuracy());
			assertThat(sweep.testCrossEntropy()[layer]).isEqualTo((float) single.testCrossEntropy());
			assertThat(sweep.testCounts()).isEqualTo(single.testCounts());
		}
		ProbeResult first = prober.trainProbe(some, labels, "blocks.0.hook_resid_post", 3, 0.25, 0.01, 100, 9);
		ProbeResult again = prober.trainProbe(some, labels, "blocks.0.hook_resid_post", 3, 0.25, 0.01, 100, 9);
		assertThat(again).usingRecursiveComparison().isEqualTo(first);
		ProbeResult otherSplit = prober.trainProbe(some, labels, "blocks.0.hook_resid_post", 3, 0.25, 0.01, 100, 10);
		assertThat(otherSplit.weights()).isNotEqualTo(first.weights());
	}

	@Test
	void theLayerSweepReportsTheLayersProbedSoFarAsPrefixesOfTheResult() {
		List<long[]> some = sequences.subList(0, 48);
		int[] labels = java.util.Arrays.copyOf(endsInDigit, 48);
		List<Object> reports = new ArrayList<>();
		ForwardWatch watch = new ForwardWatch(reports::add);
		LayerSweep sweep = watch
			.watch(() -> new KnowledgeProber(model).probeAllLayers(some, labels, -1, 0.25, 0.01, 40, 5));
		int layers = model.config().nLayers();
		assertThat(reports).hasSize(layers).allMatch(LayerSweep.class::isInstance);
		for (int i = 0; i < layers; i++) {
			LayerSweep partial = (LayerSweep) reports.get(i);
			int probed = i + 1;
			assertThat(partial.hooks()).isEqualTo(sweep.hooks().subList(0, probed));
			assertThat(partial.trainAccuracy()).isEqualTo(java.util.Arrays.copyOf(sweep.trainAccuracy(), probed));
			assertThat(partial.testAccuracy()).isEqualTo(java.util.Arrays.copyOf(sweep.testAccuracy(), probed));
			assertThat(partial.testCrossEntropy()).isEqualTo(java.util.Arrays.copyOf(sweep.testCrossEntropy(), probed));
			assertThat(partial).usingRecursiveComparison()
				.ignoringFields("hooks", "trainAccuracy", "testAccuracy", "testCrossEntropy")
				.isEqualTo(sweep);
		}
		assertThat(watch.partial()).usingRecursiveComparison().isEqualTo(sweep);
	}

	@Test
	void resultsSerialiseToStrictJson() {
		KnowledgeProber prober = new KnowledgeProber(model);
		List<long[]> some = sequences.subList(0, 40);
		int[] labels = java.util.Arrays.copyOf(endsInDigit, 40);
		JsonNode probe = roundTrip(prober.trainProbe(some, labels, "hook_embed", -1, 0.25, 0.01, 50, 1));
		assertThat(probe.get("testAccuracy").isNumber()).isTrue();
		assertThat(probe.get("weights")).hasSize(2);
		JsonNode sweep = roundTrip(prober.probeAllLayers(some, labels, -1, 0.25, 0.01, 50, 1));
		assertThat(sweep.get("testAccuracy")).hasSize(model.config().nLayers());
		assertThat(sweep.get("metric").asString()).startsWith("linear probe");
	}

	@Test
	void everyMethodIsDescribedAsData() {
		InterpretabilityTool tool = new KnowledgeProber(model);
		assertThat(tool.key()).isEqualTo("knowledge");
		assertThat(tool.description()).isNotBlank();
		assertThat(tool.methods()).extracting(ToolMethod::name)
			.containsExactly("train_probe", "probe_all_layers", "knowledge_neurons");
		assertThat(tool.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).isNotEmpty()
				.allSatisfy(param -> assertThat(param.unit()).as(param.name()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		KnowledgeProber prober = new KnowledgeProber(model);
		List<long[]> some = sequences.subList(0, 20);
		int[] labels = java.util.Arrays.copyOf(endsInDigit, 20);
		String hook = "blocks.0.hook_resid_post";
		assertThatThrownBy(() -> prober.trainProbe(some, new int[19], hook, -1, 0.25, 0, 10, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("labels holds 19 entries but sequences holds 20: there must be one label per sequence");
		assertThatThrownBy(() -> prober.trainProbe(some, new int[20], hook, -1, 0.25, 0, 10, 0))
			.hasMessageContaining("at least 2 distinct classes");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -1, 1.0, 0, 10, 0))
			.hasMessage("testFraction = 1.0 is out of range: valid values are strictly between 0 and 1");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -1, 0, 0, 10, 0))
			.hasMessageStartingWith("testFraction = 0.0 is out of range");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -1, 0.01, 0, 10, 0))
			.hasMessageContaining("holds out no sequence");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, 8, 0.25, 0, 10, 0))
			.hasMessage("position = 8 is out of range for sequences[0] (8 tokens): valid values are -1 (last) or 0..7");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -2, 0.25, 0, 10, 0))
			.hasMessageStartingWith("position = -2 is out of range");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, "blocks.9.hook_resid_post", -1, 0.25, 0, 10, 0))
			.isInstanceOf(UnknownHookException.class);
		assertThatThrownBy(() -> prober.trainProbe(some, labels, "blocks.0.attn.hook_z", -1, 0.25, 0, 10, 0))
			.hasMessageContaining("[batch, pos, feature]");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -1, 0.25, -1, 10, 0))
			.hasMessageStartingWith("l2 = -1.0 is out of range");
		assertThatThrownBy(() -> prober.trainProbe(some, labels, hook, -1, 0.25, 0, 0, 0))
			.hasMessage("epochs = 0 is out of range: valid values are 1..100000");
		assertThatThrownBy(() -> prober.trainProbe(List.of(), new int[0], hook, -1, 0.25, 0, 10, 0))
			.hasMessage("sequences must hold at least one sequence");
		assertThatThrownBy(() -> prober.probeAllLayers(List.of(new long[] { 1 }, new long[] { 300 }),
				new int[] { 0, 1 }, -1, 0.5, 0, 10, 0))
			.hasMessage("sequences[1][0] = 300 is not a token id: valid ids are 0..255");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void probesRunOnEveryArchitecture(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel reference = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			List<long[]> some = sequences.subList(0, 24);
			int[] labels = java.util.Arrays.copyOf(endsInDigit, 24);
			float[] original = logits(reference, some.get(0));
			KnowledgeProber prober = new KnowledgeProber(reference);
			ProbeResult probe = prober.trainProbe(some, labels, "blocks.0.mlp.hook_post", 2, 0.25, 0.01, 50, 3);
			assertThat(probe.weights()).hasDimensions(2, reference.config().dMlp());
			assertThat(probe.testAccuracy()).isBetween(0.0, 1.0);
			assertThat(probe.testCrossEntropy()).isFinite().isPositive();
			LayerSweep sweep = prober.probeAllLayers(some, labels, -1, 0.25, 0.01, 50, 3);
			int last = reference.config().nLayers() - 1;
			ProbeResult lastLayer = prober.trainProbe(some, labels, "blocks.%d.hook_resid_post".formatted(last), -1,
					0.25, 0.01, 50, 3);
			assertThat(sweep.testAccuracy()[last]).isEqualTo((float) lastLayer.testAccuracy());
			assertThat(logits(reference, some.get(0))).as("%s logits after probing", architecture)
				.containsExactly(original);
		}
	}

	private static JsonNode roundTrip(Object result) {
		return STRICT.readTree(STRICT.writeValueAsString(result));
	}

	private static float[] logits(HookedAutoModel source, long[] tokens) {
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
