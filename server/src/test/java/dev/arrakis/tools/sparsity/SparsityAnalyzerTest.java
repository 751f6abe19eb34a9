package dev.arrakis.tools.sparsity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardWatch;
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
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * Neuron sparsity counted against the cached activations, and magnitude pruning against
 * its closed forms: nothing pruned changes nothing, everything pruned leaves each MLP
 * writing only b_out, the achieved sparsity is the requested one, global pruning removes
 * only weights smaller than every weight it keeps, and the model itself never changes.
 */
class SparsityAnalyzerTest {

	static final List<long[]> TEXT = bytes("def fibonacci(n):", "    return n if n < 2 else fib(n - 1)",
			"import os.path as path", "for line in open(name):", "class Stack(list):");

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

	static List<long[]> bytes(String... lines) {
		List<long[]> dataset = new ArrayList<>();
		for (String line : lines) {
			byte[] raw = line.getBytes(StandardCharsets.US_ASCII);
			long[] tokens = new long[raw.length];
			for (int i = 0; i < raw.length; i++) {
				tokens[i] = raw[i];
			}
			dataset.add(tokens);
		}
		return dataset;
	}

	@Test
	void eachPartialResultIsTheSparsityOfTheSequencesDoneSoFar() {
		SparsityAnalyzer analyzer = new SparsityAnalyzer(model);
		List<Object> reports = new ArrayList<>();
		ForwardWatch watch = new ForwardWatch(reports::add);
		ActivationSparsity whole = watch.watch(() -> analyzer.activationSparsity(TEXT, 0.1));
		assertThat(reports).hasSize(TEXT.size());
		for (int i = 0; i < reports.size(); i++) {
			ActivationSparsity direct = analyzer.activationSparsity(TEXT.subList(0, i + 1), 0.1);
			assertThat(reports.get(i)).usingRecursiveComparison().isEqualTo(direct);
		}
		assertThat(watch.partial()).usingRecursiveComparison().isEqualTo(whole);
	}

	@Test
	void firingFrequenciesAreCountsOfTheCachedNeurons() {
		double threshold = 0.05;
		ActivationSparsity sparsity = new SparsityAnalyzer(model).activationSparsity(TEXT, threshold);
		int layers = model.config().nLayers();
		int neurons = model.config().dMlp();
		long[][] firing = new long[layers][neurons];
		long positions = 0;
		for (long[] sequence : TEXT) {
			try (RunResult run = model.runWithCache(ModelInput.of(sequence), HookFilter.all(), null)) {
				for (int layer = 0; layer < layers; layer++) {
					HostTensor post = run.cache().toHost(HookName.of(HookPoint.MLP_POST, layer), Narrowing.ALL);
					for (int position = 0; position < sequence.length; position++) {
						for (int neuron = 0; neuron < neurons; neuron++) {
							if (Math.abs(post.get(0, position, neuron)) > threshold) {
								firing[layer][neuron]++;
							}
						}
					}
				}
			}
			positions += sequence.length;
		}
		assertThat(sparsity.positions()).isEqualTo(positions);
		assertThat(sparsity.layers()).containsExactly("L0_mlp", "L1_mlp", "L2_mlp", "L3_mlp");
		List<String> dead = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			long fired = 0;
			for (int neuron = 0; neuron < neurons; neuron++) {
				assertThat(sparsity.firingFrequency()[layer][neuron])
					.isEqualTo((float) ((double) firing[layer][neuron] / positions));
				fired += firing[layer][neuron];
				if (firing[layer][neuron] == 0) {
					dead.add("L" + layer + "N" + neuron);
				}
			}
			assertThat(sparsity.sparsity()[layer]).isCloseTo((float) (1 - (double) fired / (positions * neurons)),
					offset(1e-6f));
		}
		assertThat(sparsity.deadNeurons()).isEqualTo(dead);
	}

	@Test
	void sparsityGrowsWithTheThresholdUntilEveryNeuronIsDead() {
		SparsityAnalyzer analyzer = new SparsityAnalyzer(model);
		ActivationSparsity low = analyzer.activationSparsity(TEXT, 0.01);
		ActivationSparsity high = analyzer.activationSparsity(TEXT, 0.5);
		ActivationSparsity all = analyzer.activationSparsity(TEXT, 1e9);
		for (int layer = 0; layer < model.config().nLayers(); layer++) {
			assertThat(high.sparsity()[layer]).isGreaterThanOrEqualTo(low.sparsity()[layer]);
			assertThat(all.sparsity()[layer]).isEqualTo(1f);
		}
		assertThat(all.deadNeurons()).hasSize(model.config().nLayers() * model.config().dMlp())
			.startsWith("L0N0")
			.endsWith("L3N" + (model.config().dMlp() - 1));
		// GELU is exactly zero almost nowhere: with threshold 0 nearly every neuron
		// fires.
		assertThat(analyzer.activationSparsity(TEXT, 0).sparsity()[0]).isLessThan(0.01f);
	}

	@Test
	void pruningNothingChangesNothing() {
		float[] before = logits(model);
		MagnitudePruning result = new SparsityAnalyzer(model).magnitudePruning(TEXT, 0, PruningScope.GLOBAL,
				Metric.loss());
		assertThat(result.after()).isCloseTo(result.before(), offset(1e-6));
		assertThat(result.overallSparsity()).isZero();
		MagnitudePruner pruner = new MagnitudePruner(model);
		try (ForwardContext scope = model.newContext(Hooks.none());
				HookedAutoModel copy = pruner
					.prunedCopy(pruner.keepMasks(0, PruningScope.PER_LAYER, scope.manager()))) {
			float[] copied = logits(copy);
			for (int i = 0; i < before.length; i++) {
				assertThat(copied[i]).isCloseTo(before[i], offset(1e-6f));
			}
		}
		assertThat(logits(model)).containsExactly(before);
	}

	@Test
	void pruningEverythingLeavesEachMlpWritingOnlyItsOutputBias() {
		float[] before = logits(model);
		MagnitudePruning result = new SparsityAnalyzer(model).magnitudePruning(TEXT, 1, PruningScope.PER_LAYER,
				Metric.loss());
		assertThat(result.achievedSparsity()).containsOnly(1f);
		assertThat(result.after()).isGreaterThan(result.before());
		MagnitudePruner pruner = new MagnitudePruner(model);
		try (ForwardContext scope = model.newContext(Hooks.none());
				HookedAutoModel copy = pruner.prunedCopy(pruner.keepMasks(1, PruningScope.GLOBAL, scope.manager()));
				RunResult run = copy.runWithCache(ModelInput.of(TEXT.get(0)),
						HookFilter.of(name -> name.point() == HookPoint.MLP_OUT), null)) {
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				float[] bias = model.weight("blocks." + layer + ".mlp.b_out", scope.manager()).toFloatArray();
				float[] out = run.cache().get(HookName.of(HookPoint.MLP_OUT, layer)).toFloatArray();
				for (int i = 0; i < out.length; i++) {
					assertThat(out[i]).as("layer %d [%d]", layer, i).isEqualTo(bias[i % bias.length]);
				}
			}
		}
		assertThat(logits(model)).containsExactly(before);
	}

	@Test
	void perLayerPruningReachesTheFractionInEveryMatrix() {
		double fraction = 0.37;
		MagnitudePruning result = new SparsityAnalyzer(model).magnitudePruning(TEXT, fraction, PruningScope.PER_LAYER,
				Metric.loss());
		assertThat(result.matrices()).hasSize(2 * model.config().nLayers()).startsWith("blocks.0.mlp.W_in");
		for (int i = 0; i < result.matrices().size(); i++) {
			assertThat((double) result.achievedSparsity()[i]).as(result.matrices().get(i))
				.isCloseTo(fraction, offset(1.0 / result.sizes()[i]));
		}
		assertThat(result.scope()).isEqualTo("per_layer");
		assertThat(result.metric()).startsWith("loss");
	}

	@Test
	void globalPruningRemovesOnlyWeightsSmallerThanAllItKeeps() {
		double fraction = 0.6;
		MagnitudePruner pruner = new MagnitudePruner(model);
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			Map<String, NDArray> masks = pruner.keepMasks(fraction, PruningScope.GLOBAL, manager);
			double largestPruned = 0;
			double smallestKept = Double.MAX_VALUE;
			long pruned = 0;
			long total = 0;
			for (Map.Entry<String, NDArray> entry : masks.entrySet()) {
				float[] weights = model.weight(entry.getKey(), manager).toType(DataType.FLOAT32, false).toFloatArray();
				float[] keep = entry.getValue().toFloatArray();
				for (int i = 0; i < weights.length; i++) {
					if (keep[i] == 0f) {
						largestPruned = Math.max(largestPruned, Math.abs(weights[i]));
						pruned++;
					}
					else {
						smallestKept = Math.min(smallestKept, Math.abs(weights[i]));
					}
				}
				total += weights.length;
			}
			assertThat(largestPruned).isLessThanOrEqualTo(smallestKept);
			assertThat((double) pruned / total).isCloseTo(fraction, offset(1.0 / total));
		}
		MagnitudePruning result = new SparsityAnalyzer(model).magnitudePruning(TEXT, fraction, PruningScope.GLOBAL,
				Metric.loss());
		assertThat(result.overallSparsity()).isCloseTo(fraction,
				offset(1.0 / IntStream.range(0, result.sizes().length).mapToLong(i -> result.sizes()[i]).sum()));
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		SparsityAnalyzer analyzer = new SparsityAnalyzer(model);
		assertThatThrownBy(() -> analyzer.activationSparsity(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("dataset must hold at least one");
		assertThatThrownBy(() -> analyzer.magnitudePruning(List.of(), 0.5, PruningScope.GLOBAL, Metric.loss()))
			.hasMessageContaining("dataset must hold at least one");
		assertThatThrownBy(() -> analyzer.activationSparsity(TEXT, -1))
			.hasMessage("threshold = -1.0 is out of range: valid values are finite and >= 0");
		assertThatThrownBy(() -> analyzer.activationSparsity(List.of(new long[] { 1, 300 }), 0))
			.hasMessage("dataset[0][1] = 300 is not a token id: valid ids are 0..255");
		for (double fraction : new double[] { -0.1, 1.5, Double.NaN }) {
			assertThatThrownBy(() -> analyzer.magnitudePruning(TEXT, fraction, PruningScope.GLOBAL, Metric.loss()))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("fraction = %s is out of range: valid values are 0..1".formatted(fraction));
		}
		assertThatThrownBy(
				() -> analyzer.magnitudePruning(TEXT, 0.5, PruningScope.GLOBAL, Metric.logitDifference(99, 1, 2)))
			.hasMessageContaining("position = 99 is out of range");
	}

	@Test
	void describesEveryMethodAndItsResultsSerialiseToStrictJson() {
		SparsityAnalyzer analyzer = new SparsityAnalyzer(model);
		assertThat(analyzer.key()).isEqualTo("sparsity");
		assertThat(analyzer.methods()).extracting(ToolMethod::name)
			.containsExactly("activation_sparsity", "magnitude_pruning");
		assertThat(analyzer.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).isNotEmpty().allSatisfy(param -> assertThat(param.unit()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
		JsonMapper strict = JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
		JsonNode sparsity = strict.readTree(strict.writeValueAsString(analyzer.activationSparsity(TEXT, 0.1)));
		assertThat(sparsity.get("firingFrequency")).hasSize(model.config().nLayers());
		assertThat(sparsity.get("metric").asString()).startsWith("fraction of MLP neurons");
		JsonNode pruning = strict.readTree(strict.writeValueAsString(
				analyzer.magnitudePruning(TEXT.subList(0, 1), 0.2, PruningScope.GLOBAL, Metric.loss())));
		assertThat(pruning.get("matrices").get(0).asString()).isEqualTo("blocks.0.mlp.W_in");
		assertThat(pruning.get("scope").asString()).isEqualTo("global");
	}

	static float[] logits(HookedAutoModel source) {
		try (RunResult run = source.runWithHooks(ModelInput.of(TEXT.get(1)), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
