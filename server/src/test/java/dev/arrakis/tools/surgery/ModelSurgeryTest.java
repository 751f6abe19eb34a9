package dev.arrakis.tools.surgery;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Surgery on derived copies, checked against exact identities: an identity permutation
 * and a permutation followed by its inverse give the model back; deleting a block is the
 * model with that block's attention and MLP writes zeroed through hooks; a replaced block
 * holds its source's weights and computes its source's function; and the model itself
 * never changes.
 */
class ModelSurgeryTest {

	private static final long[] TOKENS = { 100, 101, 102, 32, 102, 40, 120, 41, 58, 10, 32, 32, 114, 101, 116 };

	private static HookedAutoModel model;

	private static float[] before;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		before = logits(model, TOKENS);
	}

	@AfterAll
	static void close() {
		assertThat(logits(model, TOKENS)).as("the model's logits after all surgery").containsExactly(before);
		model.close();
	}

	@Test
	void theIdentityPermutationAndAPermutationFollowedByItsInverseGiveTheModelBack() {
		ModelSurgery surgery = new ModelSurgery(model);
		try (HookedAutoModel same = surgery.permuteBlocks(List.of(0, 1, 2, 3))) {
			assertClose(logits(same, TOKENS), before);
		}
		List<Integer> order = List.of(2, 0, 3, 1);
		List<Integer> inverse = List.of(1, 3, 0, 2);
		try (HookedAutoModel permuted = surgery.permuteBlocks(order);
				HookedAutoModel restored = new ModelSurgery(permuted).permuteBlocks(inverse)) {
			float[] shuffled = logits(permuted, TOKENS);
			assertThat(shuffled).as("a real permutation changes the prediction").isNotEqualTo(before);
			assertSameWeights(permuted, 0, model, 2);
			assertSameWeights(permuted, 3, model, 1);
			for (int layer = 0; layer < 4; layer++) {
				assertSameWeights(restored, layer, model, layer);
			}
			assertClose(logits(restored, TOKENS), before);
		}
		assertThat(logits(model, TOKENS)).containsExactly(before);
	}

	@Test
	void withoutItsLastBlockTheCopyReadsOutTheModelsEarlierResidualStream() {
		int last = model.config().nLayers() - 1;
		float[] expected;
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null);
				ForwardContext lens = model.newContext(Hooks.none())) {
			expected = model.transformer()
				.unembedResidual(run.cache().get(HookName.residPost(last - 1)), lens)
				.toFloatArray();
		}
		try (HookedAutoModel shorter = new ModelSurgery(model).deleteBlocks(List.of(last))) {
			assertThat(shorter.config().nLayers()).isEqualTo(last);
			assertClose(logits(shorter, TOKENS), expected);
		}
	}

	@Test
	void deletingAMiddleBlockEqualsZeroingItsWritesThroughHooks() {
		try (HookedAutoModel shorter = new ModelSurgery(model).deleteBlocks(List.of(1))) {
			assertClose(logits(shorter, TOKENS), logitsWithoutWrites(model, TOKENS, 1));
			assertSameWeights(shorter, 1, model, 2);
		}
	}

	@Test
	void aReplacedBlockHoldsItsSourcesWeightsAndComputesItsSourcesFunction() {
		try (HookedAutoModel replaced = new ModelSurgery(model).replaceBlock(1, 0)) {
			assertThat(replaced.config().nLayers()).isEqualTo(4);
			assertSameWeights(replaced, 1, model, 0);
			assertSameWeights(replaced, 0, model, 0);
			assertSameWeights(replaced, 2, model, 2);
			assertBlockComputesSourceFunction(replaced, 1, model, 0, TOKENS);
		}
	}

	@Test
	void aBlockFromADonorEqualsTheSameBlockReplacedWithin() {
		ModelSurgery surgery = new ModelSurgery(model);
		try (HookedAutoModel donor = surgery.permuteBlocks(List.of(3, 2, 1, 0));
				HookedAutoModel fromDonor = surgery.replaceBlockFrom(0, donor, 1);
				HookedAutoModel within = surgery.replaceBlock(0, 2)) {
			assertSameWeights(fromDonor, 0, model, 2);
			assertSameWeights(fromDonor, 3, model, 3);
			assertThat(logits(fromDonor, TOKENS)).containsExactly(logits(within, TOKENS));
		}
	}

	@Test
	void evaluateReportsTheMetricOnTheModelAndOnTheCopy() {
		ModelSurgery surgery = new ModelSurgery(model);
		List<long[]> dataset = List.of(TOKENS, new long[] { 105, 109, 112, 111, 114, 116, 32, 111, 115 });
		SurgeryEffect deleted = surgery.evaluate(SurgeryPlan.deleteBlocks(List.of(3)), dataset, Metric.loss());
		double original = (loss(model, dataset.get(0)) + loss(model, dataset.get(1))) / 2;
		double modified;
		try (HookedAutoModel shorter = surgery.deleteBlocks(List.of(3))) {
			modified = (loss(shorter, dataset.get(0)) + loss(shorter, dataset.get(1))) / 2;
		}
		assertThat(deleted.plan()).isEqualTo("delete blocks [3]");
		assertThat(deleted.metric()).startsWith("loss");
		assertThat(deleted.sequences()).isEqualTo(2);
		assertThat(deleted.original()).isEqualTo(original);
		assertThat(deleted.modified()).isEqualTo(modified);
		assertThat(deleted.delta()).isEqualTo(modified - original);
		assertThat(deleted.layersBefore()).isEqualTo(4);
		assertThat(deleted.layersAfter()).isEqualTo(3);
		SurgeryEffect identity = surgery.evaluate(SurgeryPlan.permuteBlocks(List.of(0, 1, 2, 3)), dataset,
				Metric.logitDifference(3, 102, 101));
		assertThat(identity.delta()).isCloseTo(0, org.assertj.core.api.Assertions.offset(1e-4));
		SurgeryEffect replaced = surgery.evaluate(SurgeryPlan.replaceBlock(2, 1), dataset, Metric.loss());
		assertThat(replaced.plan()).isEqualTo("replace block 2 with block 1");
		assertThat(replaced.layersAfter()).isEqualTo(4);
	}

	@Test
	void everyMethodIsDescribedAsData() {
		InterpretabilityTool tool = new ModelSurgery(model);
		assertThat(tool.key()).isEqualTo("surgery");
		assertThat(tool.description()).isNotBlank();
		assertThat(tool.methods()).extracting(ToolMethod::name).containsExactly("evaluate_surgery");
		assertThat(tool.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).isNotEmpty()
				.allSatisfy(param -> assertThat(param.unit()).as(param.name()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
	}

	@Test
	void badPlansNameTheParameterAndWhatIsWrong() throws IOException, URISyntaxException {
		ModelSurgery surgery = new ModelSurgery(model);
		assertThatThrownBy(() -> surgery.deleteBlocks(List.of(4))).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("layers[0] = 4 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> surgery.deleteBlocks(List.of(0, 1, 2, 3))).hasMessageContaining("all 4 blocks");
		assertThatThrownBy(() -> surgery.deleteBlocks(List.of(1, 1))).hasMessageContaining("block 1 twice");
		assertThatThrownBy(() -> surgery.deleteBlocks(List.of())).hasMessageContaining("at least one block");
		assertThatThrownBy(() -> surgery.permuteBlocks(List.of(0, 0, 2, 3)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not a permutation of 0..3")
			.hasMessageContaining("repeats [0] and leaves out [1]");
		assertThatThrownBy(() -> surgery.permuteBlocks(List.of(0, 1, 2))).hasMessageContaining("needs 4");
		assertThatThrownBy(() -> surgery.permuteBlocks(List.of(0, 1, 2, -1)))
			.hasMessage("order[3] = -1 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> surgery.replaceBlock(4, 0))
			.hasMessage("target = 4 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> surgery.replaceBlock(0, 9))
			.hasMessage("source = 9 is out of range: valid values are 0..3");
		try (HookedAutoModel other = reference("gpt2")) {
			assertThatThrownBy(() -> surgery.replaceBlockFrom(0, other, 0)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("d_model is 192 here but 64 in the donor");
			assertThatThrownBy(() -> surgery.replaceBlockFrom(0, other, 2))
				.hasMessage("donorLayer = 2 is out of range: valid values are 0..1");
		}
		assertThatThrownBy(() -> surgery.evaluate(SurgeryPlan.deleteBlocks(List.of(0)), List.of(), Metric.loss()))
			.hasMessageContaining("dataset must hold at least one sequence");
		assertThatThrownBy(() -> surgery.evaluate(SurgeryPlan.deleteBlocks(List.of(0)),
				List.of(TOKENS, new long[] { 1, 256 }), Metric.loss()))
			.hasMessage("dataset[1][1] = 256 is not a token id: valid ids are 0..255");
		assertThatThrownBy(() -> surgery.evaluate(SurgeryPlan.deleteBlocks(List.of(7)), List.of(TOKENS), Metric.loss()))
			.hasMessageContaining("layers[0] = 7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void surgeryFollowsItsIdentitiesOnEveryArchitecture(String architecture) throws IOException, URISyntaxException {
		long[] tokens = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };
		try (HookedAutoModel reference = reference(architecture)) {
			float[] original = logits(reference, tokens);
			ModelSurgery surgery = new ModelSurgery(reference);
			try (HookedAutoModel same = surgery.permuteBlocks(List.of(0, 1))) {
				assertClose(logits(same, tokens), original);
			}
			try (HookedAutoModel swapped = surgery.permuteBlocks(List.of(1, 0));
					HookedAutoModel restored = new ModelSurgery(swapped).permuteBlocks(List.of(1, 0))) {
				assertClose(logits(restored, tokens), original);
			}
			try (HookedAutoModel withoutFirst = surgery.deleteBlocks(List.of(0))) {
				assertClose(logits(withoutFirst, tokens), logitsWithoutWrites(reference, tokens, 0));
			}
			try (HookedAutoModel replaced = surgery.replaceBlock(1, 0)) {
				assertSameWeights(replaced, 1, reference, 0);
				assertBlockComputesSourceFunction(replaced, 1, reference, 0, tokens);
			}
			try (HookedAutoModel fromItself = surgery.replaceBlockFrom(0, reference, 0)) {
				assertClose(logits(fromItself, tokens), original);
			}
			SurgeryEffect effect = surgery.evaluate(SurgeryPlan.deleteBlocks(List.of(1)), List.of(tokens),
					Metric.loss());
			assertThat(effect.layersAfter()).isEqualTo(1);
			assertThat(effect.original()).isEqualTo(loss(reference, tokens));
			assertThat(logits(reference, tokens)).as("%s logits after surgery", architecture).containsExactly(original);
		}
	}

	/**
	 * The model's logits with layer {@code layer}'s attn_out and mlp_out replaced by
	 * zeros: the block then passes its residual stream through unchanged, as if deleted.
	 */
	private static float[] logitsWithoutWrites(HookedAutoModel source, long[] tokens, int layer) {
		Hooks hooks = Hooks.none()
			.with(HookName.of(HookPoint.ATTN_OUT, layer), (activation, name) -> activation.zerosLike())
			.with(HookName.of(HookPoint.MLP_OUT, layer), (activation, name) -> activation.zerosLike());
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), hooks)) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	/**
	 * Block {@code layer} of {@code derived} maps its input to the same output as block
	 * {@code sourceLayer} of {@code source} fed that input (through a resid_pre hook).
	 */
	private static void assertBlockComputesSourceFunction(HookedAutoModel derived, int layer, HookedAutoModel source,
			int sourceLayer, long[] tokens) {
		float[] input;
		float[] output;
		Shape shape;
		try (RunResult run = derived.runWithCache(ModelInput.of(tokens),
				HookFilter.of(name -> name.equals(HookName.residPre(layer)) || name.equals(HookName.residPost(layer))),
				null)) {
			NDArray pre = run.cache().get(HookName.residPre(layer));
			shape = pre.getShape();
			input = pre.toFloatArray();
			output = run.cache().get(HookName.residPost(layer)).toFloatArray();
		}
		Hooks feed = Hooks.caching(HookFilter.of(name -> name.equals(HookName.residPost(sourceLayer))))
			.with(HookName.residPre(sourceLayer), (activation, name) -> activation.getManager().create(input, shape));
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), feed)) {
			assertClose(run.cache().get(HookName.residPost(sourceLayer)).toFloatArray(), output);
		}
	}

	private static void assertSameWeights(HookedAutoModel derived, int layer, HookedAutoModel source, int sourceLayer) {
		String prefix = "blocks." + sourceLayer + ".";
		List<String> names = source.weightNames().stream().filter(name -> name.startsWith(prefix)).toList();
		assertThat(names).isNotEmpty();
		try (NDManager scratch = NDManager.newBaseManager(ai.djl.Device.cpu())) {
			for (String name : names) {
				String derivedName = "blocks." + layer + "." + name.substring(prefix.length());
				assertThat(derived.weight(derivedName, scratch).toFloatArray()).as(derivedName)
					.isEqualTo(source.weight(name, scratch).toFloatArray());
			}
		}
	}

	private static void assertClose(float[] actual, float[] expected) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < expected.length; i++) {
			assertThat(actual[i]).as("[%d]", i)
				.isCloseTo(expected[i], Offset.offset(1e-5f + 1e-5f * Math.abs(expected[i])));
		}
	}

	private static double loss(HookedAutoModel source, long[] tokens) {
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return Metric.loss().evaluate(run.output(), 0, tokens);
		}
	}

	private static float[] logits(HookedAutoModel source, long[] tokens) {
		try (RunResult run = source.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	private static HookedAutoModel reference(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths
			.get(ModelSurgeryTest.class.getClassLoader().getResource("hf-reference/" + architecture).toURI());
		return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
	}

}
