package dev.arrakis.tools.sparsity;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Sparsity and pruning on every architecture (gated MLPs, parallel residual, fused
 * projections): the closed forms of pruning nothing and everything hold, per-matrix
 * pruning reaches its fraction, and the model's logits stay bit-identical.
 */
class SparsityOnEveryArchitectureTest {

	private static final List<long[]> DATASET = List.of(new long[] { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3 },
			new long[] { 42, 7, 7, 130, 64, 1 });

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void sparsityAndPruningFollowTheirClosedForms(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] before = logits(model);
			SparsityAnalyzer analyzer = new SparsityAnalyzer(model);
			int layers = model.config().nLayers();
			ActivationSparsity sparsity = analyzer.activationSparsity(DATASET, 0.01);
			assertThat(sparsity.firingFrequency()).hasDimensions(layers, model.config().dMlp());
			for (int layer = 0; layer < layers; layer++) {
				double meanFrequency = 0;
				for (float frequency : sparsity.firingFrequency()[layer]) {
					meanFrequency += frequency / (double) model.config().dMlp();
				}
				assertThat((double) sparsity.sparsity()[layer]).as(architecture)
					.isCloseTo(1 - meanFrequency, offset(1e-5));
			}

			MagnitudePruning nothing = analyzer.magnitudePruning(DATASET, 0, PruningScope.GLOBAL, Metric.loss());
			assertThat(nothing.after()).as(architecture)
				.isCloseTo(nothing.before(), offset(1e-5 * (1 + Math.abs(nothing.before()))));
			int perLayer = model.config().mlp() == MlpKind.GATED ? 3 : 2;
			assertThat(nothing.matrices()).hasSize(perLayer * layers);

			MagnitudePruning half = analyzer.magnitudePruning(DATASET, 0.5, PruningScope.PER_LAYER, Metric.loss());
			for (int i = 0; i < half.matrices().size(); i++) {
				assertThat((double) half.achievedSparsity()[i]).as(half.matrices().get(i))
					.isCloseTo(0.5, offset(1.0 / half.sizes()[i]));
			}
			assertMlpsWriteOnlyTheirBiasWhenEverythingIsPruned(model, architecture);
			assertThat(logits(model)).as("%s logits after the tools", architecture).containsExactly(before);
		}
	}

	private static void assertMlpsWriteOnlyTheirBiasWhenEverythingIsPruned(HookedAutoModel model, String architecture) {
		MagnitudePruner pruner = new MagnitudePruner(model);
		try (ForwardContext scope = model.newContext(Hooks.none());
				HookedAutoModel copy = pruner.prunedCopy(pruner.keepMasks(1, PruningScope.GLOBAL, scope.manager()));
				RunResult run = copy.runWithCache(ModelInput.of(DATASET.get(0)),
						HookFilter.of(name -> name.point() == HookPoint.MLP_OUT), null)) {
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				float[] bias = model.weight("blocks." + layer + ".mlp.b_out", scope.manager())
					.toType(DataType.FLOAT32, false)
					.toFloatArray();
				float[] out = run.cache()
					.get(HookName.of(HookPoint.MLP_OUT, layer))
					.toType(DataType.FLOAT32, false)
					.toFloatArray();
				for (int i = 0; i < out.length; i++) {
					assertThat(out[i]).as("%s layer %d [%d]", architecture, layer, i).isEqualTo(bias[i % bias.length]);
				}
			}
		}
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(DATASET.get(0)), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
