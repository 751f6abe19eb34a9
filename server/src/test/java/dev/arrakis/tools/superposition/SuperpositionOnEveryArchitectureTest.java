package dev.arrakis.tools.superposition;

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
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Every superposition method on every architecture: the autoencoder trains for an epoch,
 * PCA's ratios over all components sum to 1, interpolating the final residual stream at
 * the last position moves the prediction from tokensA's to tokensB's exactly, and the
 * model's logits stay bit-identical.
 */
class SuperpositionOnEveryArchitectureTest {

	private static final long[] A = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3 };

	private static final long[] B = { 42, 7, 7, 130, 64, 1, 9, 250, 33, 12 };

	private static final List<long[]> DATASET = List.of(A, B);

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodRunsAndFollowsItsClosedForms(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] before = logits(model, A);
			SuperpositionTools tools = new SuperpositionTools(model);
			int width = model.config().dModel();
			String finalResidual = "blocks." + (model.config().nLayers() - 1) + ".hook_resid_post";

			SparseAutoencoder sae = tools.trainSparseAutoencoder(DATASET, finalResidual, 2 * width, 0.01, 1, 1e-3, 1);
			assertThat(sae.reconstructionMse()).hasSize(1);
			assertThat(sae.reconstructionMse()[0]).as(architecture).isFinite().isGreaterThanOrEqualTo(0f);
			assertThat(sae.l0()[0]).isBetween(0f, (float) (2 * width));
			assertThat(sae.decoderWeight()).hasDimensions(2 * width, width);

			PrincipalComponents pca = tools.pca(DATASET, "blocks.0.hook_resid_post", width);
			double sum = 0;
			for (float ratio : pca.explainedVarianceRatio()) {
				sum += ratio;
			}
			assertThat(sum).as(architecture).isCloseTo(1, offset(1e-5));

			ConceptInterpolation interpolation = tools.interpolateConcepts(A, B, finalResidual, 2, A.length - 1);
			assertSamePrediction(interpolation, 0, logits(model, A), model.config().dVocab(), architecture);
			assertSamePrediction(interpolation, 1, logits(model, B), model.config().dVocab(), architecture);

			assertThat(logits(model, A)).as("%s logits after the tools", architecture).containsExactly(before);
		}
	}

	/** Step {@code step}'s top tokens and probabilities are those of the given logits. */
	private static void assertSamePrediction(ConceptInterpolation interpolation, int step, float[] logits, int vocab,
			String architecture) {
		int last = logits.length / vocab - 1;
		double max = Double.NEGATIVE_INFINITY;
		for (int token = 0; token < vocab; token++) {
			max = Math.max(max, logits[last * vocab + token]);
		}
		double partition = 0;
		for (int token = 0; token < vocab; token++) {
			partition += Math.exp(logits[last * vocab + token] - max);
		}
		for (int i = 0; i < interpolation.topTokens()[step].length; i++) {
			int token = (int) interpolation.topTokens()[step][i];
			double probability = Math.exp(logits[last * vocab + token] - max) / partition;
			assertThat((double) interpolation.topProbabilities()[step][i])
				.as("%s step %d rank %d", architecture, step, i)
				.isCloseTo(probability, offset(1e-6));
		}
		int argmax = 0;
		for (int token = 1; token < vocab; token++) {
			if (logits[last * vocab + token] > logits[last * vocab + argmax]) {
				argmax = token;
			}
		}
		assertThat(interpolation.topTokens()[step][0]).as(architecture).isEqualTo(argmax);
	}

	private static float[] logits(HookedAutoModel model, long[] tokens) {
		try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
