package dev.arrakis.tools.causal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.attention.Ablation;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.knowledge.KnowledgeNeurons;
import dev.arrakis.tools.knowledge.KnowledgeProber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attribution patching, interventions, input attribution and knowledge neurons on every
 * architecture, their exact identities, bad input, and logits bit-identical afterwards.
 */
class GradientToolsOnEveryArchitectureTest {

	private static final long[] CLEAN = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	private static final long[] CORRUPTED = { 5, 17, 99, 5, 42, 99, 5, 17, 200, 3, 5, 17 };

	private static final Metric METRIC = Metric.logitDifference(CLEAN.length - 1, 99, 200);

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodRunsAndLeavesTheModelUnchanged(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = load(architecture)) {
			float[] before = logits(model);
			ActivationPatching tool = new ActivationPatching(model);
			int layers = model.config().nLayers();
			for (PatchTarget target : PatchTarget.values()) {
				PatchingResult real = tool.patch(CLEAN, CORRUPTED, target, METRIC);
				PatchingResult estimate = tool.attributionPatch(CLEAN, CORRUPTED, target, METRIC);
				assertThat(estimate.patched()).as("%s %s", architecture, target).hasNumberOfRows(layers);
				for (int layer = 0; layer < layers; layer++) {
					assertThat(estimate.patched()[layer]).hasDimensions(real.patched()[layer].length,
							real.patched()[layer][0].length);
				}
				assertThat(estimate.clean()).isEqualTo(real.clean());
				assertThat(estimate.corrupted()).isEqualTo(real.corrupted());
				if (target.perPosition()) {
					// Before the changed position clean and corrupted activations agree.
					for (float[][] layer : estimate.normalised()) {
						for (float[] row : layer) {
							for (int position = 0; position < 4; position++) {
								assertThat(row[position]).as("%s %s", architecture, target).isZero();
							}
						}
					}
				}
			}
			// Scale 1 changes nothing, exactly.
			InterventionResult identity = tool.intervene(CLEAN,
					List.of(new Intervention.NeuronScale(0, 3, -1, 1), new Intervention.HeadScale(layers - 1, 0, 2, 1)),
					METRIC);
			assertThat(identity.effect()).isZero();
			assertThat(identity.interventions()).hasSize(2);
			// Head scale 0 is zero ablation.
			InterventionResult zeroed = tool.intervene(CLEAN, List.of(new Intervention.HeadScale(0, 1, -1, 0)), METRIC);
			double ablated = new AttentionTools(model)
				.ablateHeads(CLEAN, List.of(new Head(0, 1)), Ablation.ZERO, List.of(), METRIC)
				.intervened();
			assertThat(zeroed.intervened()).isCloseTo(ablated, Offset.offset(1e-6));
			// Setting a neuron to its own value changes nothing (at the last position:
			// gpt_neo and mistral attend within a sliding window).
			float own;
			try (RunResult run = model.runWithCache(ModelInput.of(CLEAN),
					HookFilter.of(name -> name.point() == HookPoint.MLP_POST), null)) {
				own = run.cache().toHost(HookName.of(HookPoint.MLP_POST, 0), Narrowing.ALL).get(0, CLEAN.length - 1, 7);
			}
			InterventionResult same = tool.intervene(CLEAN,
					List.of(new Intervention.NeuronValue(0, 7, CLEAN.length - 1, own)), METRIC);
			assertThat(same.effect()).isCloseTo(0, Offset.offset(1e-6));
			InterventionResult changed = tool.intervene(CLEAN,
					List.of(new Intervention.NeuronValue(0, 7, CLEAN.length - 1, own + 5)), METRIC);
			assertThat(changed.effect()).isNotZero();

			InputAttributionResult input = tool.inputAttribution(CLEAN, CLEAN.length - 1, 99, 8);
			assertThat(input.integratedGradients()).hasSize(CLEAN.length);
			assertThat(input.gradientTimesInput()).hasSize(CLEAN.length);
			KnowledgeNeurons neurons = new KnowledgeProber(model).knowledgeNeurons(CLEAN, 99, -1, 4, 3);
			assertThat(neurons.layers()).hasSize(layers).allSatisfy(layer -> assertThat(layer.top()).hasSize(3));
			assertThat(logits(model)).as("%s logits afterwards", architecture).containsExactly(before);
		}
	}

	@Test
	void badInputNamesTheParameterAndItsRange() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("llama")) {
			ActivationPatching tool = new ActivationPatching(model);
			int layers = model.config().nLayers();
			assertThatThrownBy(() -> tool.attributionPatch(CLEAN, new long[] { 1, 2 }, PatchTarget.HEAD_Z, METRIC))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("equal length");
			assertThatThrownBy(() -> tool.attributionPatch(new long[0], new long[0], PatchTarget.HEAD_Z, METRIC))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("clean");
			assertThatThrownBy(() -> tool.intervene(CLEAN, List.of(), METRIC))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("interventions");
			assertThatThrownBy(
					() -> tool.intervene(CLEAN, List.of(new Intervention.NeuronScale(layers, 0, -1, 1)), METRIC))
				.hasMessageContaining("interventions[0].layer = " + layers)
				.hasMessageContaining("0.." + (layers - 1));
			assertThatThrownBy(() -> tool.intervene(CLEAN,
					List.of(new Intervention.NeuronValue(0, model.config().dMlp(), -1, 1)), METRIC))
				.hasMessageContaining("interventions[0].neuron");
			assertThatThrownBy(() -> tool.intervene(CLEAN,
					List.of(new Intervention.HeadScale(0, 0, -1, 1), new Intervention.HeadScale(0, 99, -1, 1)), METRIC))
				.hasMessageContaining("interventions[1].head = 99");
			assertThatThrownBy(
					() -> tool.intervene(CLEAN, List.of(new Intervention.HeadScale(0, 0, CLEAN.length, 1)), METRIC))
				.hasMessageContaining("interventions[0].position")
				.hasMessageContaining("-1");
			assertThatThrownBy(
					() -> tool.intervene(CLEAN, List.of(new Intervention.HeadScale(0, 0, 0, Double.NaN)), METRIC))
				.hasMessageContaining("interventions[0].factor");
			assertThatThrownBy(() -> tool.inputAttribution(CLEAN, CLEAN.length, 1, 8))
				.hasMessageContaining("position = " + CLEAN.length);
			assertThatThrownBy(() -> tool.inputAttribution(CLEAN, 0, model.config().dVocab(), 8))
				.hasMessageContaining("targetToken");
			assertThatThrownBy(() -> tool.inputAttribution(CLEAN, 0, 1, 0)).hasMessageContaining("steps = 0");
			KnowledgeProber prober = new KnowledgeProber(model);
			assertThatThrownBy(() -> prober.knowledgeNeurons(CLEAN, 1, layers, 4, 3))
				.hasMessageContaining("layer = " + layers)
				.hasMessageContaining("-1");
			assertThatThrownBy(() -> prober.knowledgeNeurons(new long[0], 1, 0, 4, 3)).hasMessageContaining("prompt");
			assertThatThrownBy(() -> prober.knowledgeNeurons(CLEAN, -1, 0, 4, 3)).hasMessageContaining("targetToken");
			assertThatThrownBy(() -> prober.knowledgeNeurons(CLEAN, 1, 0, 0, 3)).hasMessageContaining("steps = 0");
			assertThatThrownBy(() -> prober.knowledgeNeurons(CLEAN, 1, 0, 4, 0)).hasMessageContaining("topK = 0");
			assertThat(tool.methods()).extracting(ToolMethod::name)
				.containsExactly("patch", "trace", "attribution_patch", "intervene", "input_attribution");
		}
	}

	private HookedAutoModel load(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(CLEAN), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
