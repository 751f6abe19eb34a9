package dev.arrakis.tools.readwrite;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Labels;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method of the write_read tool on every architecture the engine supports (GQA,
 * MQA, rotary, parallel residual, RMSNorm), checked against exact identities, and the
 * model's logits bit-identical afterwards.
 */
class ReadWriteOnEveryArchitectureTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	private static final int POSITION = 10;

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodHoldsItsIdentitiesAndLeavesTheModelUnchanged(String architecture)
			throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] before = logits(model);
			ReadWriteTool tool = new ReadWriteTool(model);
			assertWeightScoresAreShares(model, tool);
			assertWritesSumToTheResidual(model, tool);
			assertFlowMatchesThePatternAndTheHeadResults(model, tool);
			assertRolloutRowsAreDistributions(model, tool);
			assertWriteSizesEqualTheMaterialisedNorms(model, tool);
			assertThat(logits(model)).as("logits after running the tool").containsExactly(before);
		}
	}

	/** Writers and readers of an unembedding direction lie in [0, 1] (|cos| <= 1). */
	private static void assertWeightScoresAreShares(HookedAutoModel model, ReadWriteTool tool) {
		HookedAutoConfig config = model.config();
		WriterScores writers = tool.writers(Direction.token(17), 3);
		ReaderScores readers = tool.readers(Direction.difference(17, 99), 3);
		assertThat(writers.heads()).hasDimensions(config.nLayers(), config.nHeads());
		assertThat(writers.headLabels()).hasSize(config.nLayers() * config.nHeads()).startsWith("L0H0");
		for (float[][] scores : new float[][][] { writers.heads(), readers.query(), readers.key(), readers.value() }) {
			assertThat(scores).hasDimensions(config.nLayers(), config.nHeads());
			for (float[] layer : scores) {
				for (float score : layer) {
					assertThat(score).isBetween(0f, 1f + 1e-6f);
				}
			}
		}
		assertThat(writers.topNeurons()).hasDimensions(config.nLayers(), 3);
		assertThat(readers.topNeurons()).hasDimensions(config.nLayers(), 3);
		for (NeuronScore[][] neurons : new NeuronScore[][][] { writers.topNeurons(), readers.topNeurons(),
				readers.topGateNeurons() }) {
			for (NeuronScore[] layer : neurons) {
				assertThat(layer)
					.allSatisfy(neuron -> assertThat(Math.abs(neuron.value())).isLessThanOrEqualTo(1.0001f))
					.extracting(neuron -> Math.abs(neuron.value()))
					.isSortedAccordingTo((a, b) -> Float.compare(b, a));
			}
		}
		assertThat(readers.topGateNeurons()[0]).hasSize(config.mlp() == MlpKind.GATED ? 3 : 0);
	}

	/**
	 * embed (+ pos_embed) + every head + every b_O + every mlp_out = resid_post[last],
	 * projected on d; every neuron's write plus b_out . d = that layer's mlp_out . d.
	 */
	private static void assertWritesSumToTheResidual(HookedAutoModel model, ReadWriteTool tool) {
		HookedAutoConfig config = model.config();
		Direction direction = Direction.difference(5, 200);
		DirectionWrites writes = tool.writesOnInput(TOKENS, direction, POSITION, config.dMlp());
		float[] unit = direction.unitVector(model);
		int last = config.nLayers() - 1;
		float expected;
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
			expected = dot(run.cache().toHost(HookName.residPost(last), Narrowing.positions(POSITION)).data(), unit);
			for (int layer = 0; layer < config.nLayers(); layer++) {
				float mlpOut = dot(
						run.cache().toHost(HookName.of(HookPoint.MLP_OUT, layer), Narrowing.positions(POSITION)).data(),
						unit);
				assertThat(writes.contribution(Labels.mlp(layer))).isCloseTo(mlpOut, tolerance(mlpOut));
				double neurons = writes.mlpBias()[layer];
				for (NeuronScore neuron : writes.topNeurons()[layer]) {
					neurons += neuron.value();
				}
				assertThat(writes.topNeurons()[layer]).hasSize(config.dMlp());
				assertThat((float) neurons).as("L%d neurons + b_out . d", layer).isCloseTo(mlpOut, tolerance(mlpOut));
			}
		}
		double sum = 0;
		for (float contribution : writes.contributions()) {
			sum += contribution;
		}
		int components = 1 + (config.positional().learned() ? 1 : 0) + config.nLayers() * (config.nHeads() + 2);
		assertThat(writes.labels()).hasSize(components).startsWith(Labels.EMBED).endsWith(Labels.mlp(last));
		assertThat((float) sum).as("sum of contributions").isCloseTo(expected, tolerance(expected));
		assertThat(writes.residual()).isCloseTo(expected, Offset.offset(1e-6f));
		assertThat(tool.writesOnInput(TOKENS, direction, POSITION).topNeurons()[0])
			.hasSize(ReadWriteTool.DEFAULT_TOP_NEURONS);
	}

	/**
	 * From position 0 to itself every head attends fully, so the value-weighted norm is
	 * the norm of the head's whole result there, and rollout is 1; elsewhere the
	 * attention is the pattern's entry and layer 0's rollout is 0.5 mean_h A + 0.5 I.
	 */
	private static void assertFlowMatchesThePatternAndTheHeadResults(HookedAutoModel model, ReadWriteTool tool) {
		HookedAutoConfig config = model.config();
		InformationFlow self = tool.informationFlow(TOKENS, 0, 0);
		InformationFlow flow = tool.informationFlow(TOKENS, 3, POSITION);
		assertThat(flow.note()).contains("ignores the MLPs").contains("parallel-residual");
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
			for (int layer = 0; layer < config.nLayers(); layer++) {
				HostTensor result = run.cache().toHost(HookName.of(HookPoint.RESULT, layer), Narrowing.positions(0));
				HostTensor pattern = run.cache().toHost(HookName.pattern(layer), Narrowing.ALL);
				double meanAttention = 0;
				for (int head = 0; head < config.nHeads(); head++) {
					double squares = 0;
					for (int d = 0; d < config.dModel(); d++) {
						squares += Math.pow(result.get(0, 0, head, d), 2);
					}
					float norm = (float) Math.sqrt(squares);
					assertThat(self.attention()[layer][head]).isEqualTo(1f);
					assertThat(self.valueWeightedNorm()[layer][head]).as("L%dH%d", layer, head)
						.isCloseTo(norm, tolerance(norm));
					assertThat(flow.attention()[layer][head]).isEqualTo(pattern.get(0, head, POSITION, 3));
					meanAttention += pattern.get(0, head, POSITION, 3) / config.nHeads();
				}
				assertThat(self.rollout()[layer]).isCloseTo(1f, Offset.offset(1e-6f));
				if (layer == 0) {
					assertThat(flow.rollout()[0]).isCloseTo((float) (0.5 * meanAttention), Offset.offset(1e-6f));
				}
			}
		}
	}

	/**
	 * Rollout from its definition, in double on the host: R_l = Ã_l R_{l-1}, R_{-1} = I;
	 * every row of R_l sums to 1.
	 */
	private static void assertRolloutRowsAreDistributions(HookedAutoModel model, ReadWriteTool tool) {
		InformationFlow flow = tool.informationFlow(TOKENS, 2, POSITION);
		assertThat(flow.rolloutRow()).hasNumberOfRows(model.config().nLayers());
		int length = TOKENS.length;
		int heads = model.config().nHeads();
		double[][] rolled = new double[length][length];
		for (int i = 0; i < length; i++) {
			rolled[i][i] = 1;
		}
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.parse("blocks.*.attn.hook_pattern"),
				null)) {
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				HostTensor pattern = run.cache().toHost(HookName.pattern(layer), Narrowing.ALL);
				double[][] mixed = new double[length][length];
				for (int query = 0; query < length; query++) {
					mixed[query][query] = 0.5;
					for (int key = 0; key < length; key++) {
						for (int head = 0; head < heads; head++) {
							mixed[query][key] += 0.5 * pattern.get(0, head, query, key) / heads;
						}
					}
				}
				rolled = multiply(mixed, rolled);
				for (int source = 0; source <= POSITION; source++) {
					assertThat(flow.rolloutRow()[layer][source]).as("R_%d[%d, %d]", layer, POSITION, source)
						.isCloseTo((float) rolled[POSITION][source], Offset.offset(1e-5f));
				}
			}
		}
		for (int layer = 0; layer < model.config().nLayers(); layer++) {
			double sum = 0;
			for (float weight : flow.rolloutRow()[layer]) {
				assertThat(weight).isBetween(0f, 1f);
				sum += weight;
			}
			assertThat(flow.rolloutRow()[layer]).hasSize(POSITION + 1);
			assertThat(sum).as("rollout row of layer %d", layer).isCloseTo(1.0, Offset.offset(1e-5));
			assertThat(flow.rollout()[layer]).isEqualTo(flow.rolloutRow()[layer][2]);
		}
	}

	/** ||W_V^g W_O^h||_F from the d_model x d_model product itself. */
	private static void assertWriteSizesEqualTheMaterialisedNorms(HookedAutoModel model, ReadWriteTool tool) {
		HookedAutoConfig config = model.config();
		WriteSizes sizes = tool.writeSizes();
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			for (int layer = 0; layer < config.nLayers(); layer++) {
				NDArray values = model.weight("blocks." + layer + ".attn.W_V", scope.manager())
					.toType(DataType.FLOAT32, false);
				NDArray outputs = model.weight("blocks." + layer + ".attn.W_O", scope.manager())
					.toType(DataType.FLOAT32, false);
				for (int head = 0; head < config.nHeads(); head++) {
					NDArray output = outputs.get(head);
					float ov = values.get(head / config.groupSize()).matMul(output).square().sum().sqrt().getFloat();
					float out = output.square().sum().sqrt().getFloat();
					assertThat(sizes.ov()[layer][head]).as("L%dH%d", layer, head).isCloseTo(ov, tolerance(ov));
					assertThat(sizes.output()[layer][head]).isCloseTo(out, tolerance(out));
				}
			}
		}
	}

	private static double[][] multiply(double[][] left, double[][] right) {
		double[][] product = new double[left.length][right[0].length];
		for (int i = 0; i < left.length; i++) {
			for (int k = 0; k < right.length; k++) {
				for (int j = 0; j < right[0].length; j++) {
					product[i][j] += left[i][k] * right[k][j];
				}
			}
		}
		return product;
	}

	private static Offset<Float> tolerance(float expected) {
		return Offset.offset(1e-4f + 1e-5f * Math.abs(expected));
	}

	private static float dot(float[] values, float[] unit) {
		double sum = 0;
		for (int i = 0; i < unit.length; i++) {
			sum += (double) values[i] * unit[i];
		}
		return (float) sum;
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
