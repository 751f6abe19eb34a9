package dev.arrakis.tools;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.attention.Ablation;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.residual.LogitLens;
import dev.arrakis.tools.residual.LogitLensResult;
import dev.arrakis.tools.residual.ResidualDecomposition;
import dev.arrakis.tools.residual.ResidualTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Every tool of this part on every architecture the engine supports (GQA, rotary,
 * parallel residual, fused projections), with the exact identities: the lens's last
 * readout is the model's own prediction, and running tools leaves the model's logits
 * bit-identical.
 */
class ToolsOnEveryArchitectureTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyToolRunsAndTheLensEndsOnTheModelsPrediction(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] before = logits(model);
			for (HeadDetector kind : HeadDetector.values()) {
				HeadScores scores = new AttentionTools(model).detectHeads(TOKENS, kind);
				assertThat(scores.scores()).hasDimensions(model.config().nLayers(), model.config().nHeads());
				for (float[] layer : scores.scores()) {
					for (float score : layer) {
						assertThat(score).as("%s %s", architecture, kind).isBetween(0f, 1f);
					}
				}
			}
			assertDecompositionSumsToTheResidual(model);
			assertMergingFollowsItsClosedForms(model, architecture);
			LogitLensResult lens = new LogitLens(model).run(TOKENS, 3);
			assertThat(lens.labels()).hasSize(model.config().nLayers() + 1).endsWith("final");
			float[] logits = logits(model);
			float[] logProbabilities = logProbabilities(model);
			int vocab = model.config().dVocab();
			float[][] finalProbabilities = lens.topProbabilities()[model.config().nLayers()];
			for (int position = 0; position < TOKENS.length; position++) {
				int argmax = argmax(logits, position * vocab, vocab);
				assertThat(lens.topTokens()[model.config().nLayers()][position][0]).as("top-1 at %d", position)
					.isEqualTo(argmax);
				// Bit for bit: the final readout is the model's own prediction, not an
				// approximation of it.
				assertThat(finalProbabilities[position][0])
					.isEqualTo((float) Math.exp(logProbabilities[position * vocab + argmax]));
				assertThat(finalProbabilities[position][0]).isGreaterThanOrEqualTo(finalProbabilities[position][1]);
			}
			assertThat(logits).as("logits after running the tools").containsExactly(before);
		}
	}

	/**
	 * embed (+ pos_embed) + every attn_out and mlp_out up to the last layer = its
	 * resid_post.
	 */
	private static void assertDecompositionSumsToTheResidual(HookedAutoModel model) {
		int last = model.config().nLayers() - 1;
		ResidualDecomposition parts = new ResidualTools(model).decompose(TOKENS, last);
		assertThat(parts.labels()).startsWith("embed").endsWith("L" + last + "_mlp");
		float[] residual;
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
			residual = run.cache().get(HookName.residPost(last)).toFloatArray();
		}
		int width = model.config().dModel();
		for (int position = 0; position < TOKENS.length; position++) {
			for (int d = 0; d < width; d++) {
				double sum = 0;
				for (float[][] component : parts.components()) {
					sum += component[position][d];
				}
				float expected = residual[position * width + d];
				assertThat(sum).as("[%d, %d]", position, d)
					.isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 + 1e-6 * Math.abs(expected)));
			}
		}
	}

	/**
	 * Merging with alpha = 1 is zero-ablating head2, with alpha = 0 zero-ablating head1:
	 * checks the recomputed pattern (rotary, GPT-Neo's scale, sliding windows) and
	 * grouped key/value heads (the two heads sit in different groups).
	 */
	private static void assertMergingFollowsItsClosedForms(HookedAutoModel model, String architecture) {
		AttentionTools tools = new AttentionTools(model);
		int layer = model.config().nLayers() - 1;
		int first = 0;
		int last = model.config().nHeads() - 1;
		Metric metric = Metric.logitDifference(TOKENS.length - 1, 5, 17);
		double keepFirst = tools.mergeHeads(TOKENS, layer, first, last, 1, metric).intervened();
		double keepLast = tools.mergeHeads(TOKENS, layer, first, last, 0, metric).intervened();
		double withoutLast = tools.ablateHeads(TOKENS, List.of(new Head(layer, last)), Ablation.ZERO, List.of(), metric)
			.intervened();
		double withoutFirst = tools
			.ablateHeads(TOKENS, List.of(new Head(layer, first)), Ablation.ZERO, List.of(), metric)
			.intervened();
		assertThat(keepFirst).as(architecture).isCloseTo(withoutLast, offset(1e-5 + 1e-5 * Math.abs(withoutLast)));
		assertThat(keepLast).as(architecture).isCloseTo(withoutFirst, offset(1e-5 + 1e-5 * Math.abs(withoutFirst)));
		for (Ablation kind : Ablation.values()) {
			assertThat(tools.ablateHeads(TOKENS, List.of(), kind, List.of(TOKENS), metric).effect()).isZero();
		}
		double resampledFromItself = tools
			.ablateHeads(TOKENS, List.of(new Head(0, first)), Ablation.RESAMPLE, List.of(TOKENS), metric)
			.effect();
		assertThat(resampledFromItself).as(architecture).isCloseTo(0, offset(1e-5));
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	private static float[] logProbabilities(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
		}
	}

	private static int argmax(float[] values, int offset, int length) {
		int best = 0;
		for (int i = 1; i < length; i++) {
			if (values[offset + i] > values[offset + best]) {
				best = i;
			}
		}
		return best;
	}

}
