package dev.arrakis.tools.superposition;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.engine.hooks.UnknownHookException;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * PCA against its closed forms (ratios of all components sum to 1, orthonormal
 * components, centred projections whose variances are the eigenvalues), and concept
 * interpolation against the exact facts: t = 0 is the plain run, and at the last residual
 * stream a position's logits depend on that position's vector alone.
 */
class PcaAndInterpolationTest {

	private static final List<long[]> TEXT = TextData.lines("def mean(values):", "    return sum(values) / len(values)",
			"while queue:", "    node = queue.pop()");

	private static final long[] A = TextData.tokens("x = max(a, b)");

	private static final long[] B = TextData.tokens("y = min(c, d)");

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void allComponentsExplainAllTheVarianceAndAreOrthonormal() {
		int width = model.config().dModel();
		PrincipalComponents pca = new SuperpositionTools(model).pca(TEXT, "blocks.0.hook_resid_post", width);
		double sum = 0;
		for (int c = 0; c < width; c++) {
			sum += pca.explainedVarianceRatio()[c];
			if (c > 0) {
				assertThat(pca.explainedVariance()[c]).isLessThanOrEqualTo(pca.explainedVariance()[c - 1]);
			}
		}
		assertThat(sum).isCloseTo(1, offset(1e-5));
		float[][] components = pca.components();
		for (int a = 0; a < width; a++) {
			for (int b = a; b < width; b++) {
				double dot = 0;
				for (int d = 0; d < width; d++) {
					dot += (double) components[a][d] * components[b][d];
				}
				assertThat(dot).as("component %d . component %d", a, b).isCloseTo(a == b ? 1 : 0, offset(1e-5));
			}
		}
	}

	@Test
	void projectionsAreCentredActivationsOnTheComponentsWithTheEigenvaluesAsVariances() {
		int k = 4;
		String hook = "blocks.1.hook_resid_post";
		PrincipalComponents pca = new SuperpositionTools(model).pca(TEXT, hook, k);
		assertThat(pca.components()).hasDimensions(k, model.config().dModel());
		assertThat(pca.projections().length).isEqualTo(TEXT.size());
		long positions = TEXT.stream().mapToLong(sequence -> sequence.length).sum();
		assertThat(pca.positions()).isEqualTo(positions);
		double[] projectionSum = new double[k];
		double[] projectionSquares = new double[k];
		for (int s = 0; s < TEXT.size(); s++) {
			float[][] activation = activations(TEXT.get(s), hook);
			assertThat(pca.projections()[s]).hasDimensions(TEXT.get(s).length, k);
			for (int position = 0; position < activation.length; position++) {
				for (int c = 0; c < k; c++) {
					double expected = 0;
					for (int d = 0; d < activation[position].length; d++) {
						expected += (activation[position][d] - (double) pca.mean()[d]) * pca.components()[c][d];
					}
					float projection = pca.projections()[s][position][c];
					assertThat((double) projection).isCloseTo(expected, offset(1e-4 * (1 + Math.abs(expected))));
					projectionSum[c] += projection;
					projectionSquares[c] += (double) projection * projection;
				}
			}
		}
		for (int c = 0; c < k; c++) {
			// The mean projects to zero, and the variance along a component is its
			// eigenvalue.
			assertThat(projectionSum[c] / positions).isCloseTo(0, offset(1e-4));
			assertThat(projectionSquares[c] / (positions - 1)).isCloseTo(pca.explainedVariance()[c],
					offset(1e-4 * pca.explainedVariance()[c]));
			assertThat(pca.explainedVarianceRatio()[c]).isBetween(0f, 1f);
		}
	}

	@Test
	void atTZeroTheRunIsThePlainRun() {
		for (String hook : new String[] { "hook_embed", "blocks.0.attn.hook_z", "blocks.1.hook_resid_post" }) {
			ConceptInterpolation interpolation = new SuperpositionTools(model).interpolateConcepts(A, B, hook, 5, 3);
			assertThat(interpolation.t()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
			assertPrediction(interpolation, 0, A);
		}
	}

	@Test
	void atTheLastResidualStreamThePatchedPositionAloneDecidesItsPrediction() {
		int last = A.length - 1;
		String finalResidual = "blocks." + (model.config().nLayers() - 1) + ".hook_resid_post";
		SuperpositionTools tools = new SuperpositionTools(model);
		ConceptInterpolation atLast = tools.interpolateConcepts(A, B, finalResidual, 3, last);
		assertPrediction(atLast, 0, A);
		assertPrediction(atLast, 2, B);
		// Patching an earlier position after the last block cannot reach the last one.
		ConceptInterpolation earlier = tools.interpolateConcepts(A, B, finalResidual, 3, last - 1);
		for (int step = 0; step < 3; step++) {
			assertPrediction(earlier, step, A);
		}
		// Before the last block it can: attention carries it.
		ConceptInterpolation early = tools.interpolateConcepts(A, B, "blocks.0.hook_resid_post", 2, last - 1);
		assertThat(early.topProbabilities()[1][0]).isNotEqualTo(early.topProbabilities()[0][0]);
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		SuperpositionTools tools = new SuperpositionTools(model);
		String hook = "blocks.0.hook_resid_post";
		assertThatThrownBy(() -> tools.interpolateConcepts(A, B, hook, 1, 0))
			.hasMessage("steps = 1 is out of range: valid values are 2..101");
		assertThatThrownBy(() -> tools.interpolateConcepts(A, B, hook, 3, A.length))
			.hasMessage("position = %d is out of range: valid values are 0..%d".formatted(A.length, A.length - 1));
		assertThatThrownBy(() -> tools.interpolateConcepts(A, TextData.tokens("short"), hook, 3, 0)).hasMessage(
				("tokensB holds 5 tokens; it must hold as many as tokensA (%d), so that position means the same "
						+ "in both")
					.formatted(A.length));
		assertThatThrownBy(() -> tools.interpolateConcepts(A, B, "blocks.0.hook_resid", 3, 0))
			.isInstanceOf(UnknownHookException.class)
			.hasMessageContaining("blocks.0.hook_resid");
		assertThatThrownBy(() -> tools.interpolateConcepts(new long[0], B, hook, 3, 0))
			.hasMessage("tokensA must hold at least 1 token, got 0");
		assertThatThrownBy(() -> tools.pca(List.of(), hook, 2)).hasMessageContaining("dataset must hold at least one");
		assertThatThrownBy(() -> tools.pca(TEXT, hook, 0))
			.hasMessage("components = 0 is out of range: valid values are 1..128");
		assertThatThrownBy(() -> tools.pca(TEXT, hook, 129))
			.hasMessage("components = 129 is out of range: valid values are 1..128");
		assertThatThrownBy(() -> tools.pca(List.of(new long[] { 65 }), hook, 1))
			.hasMessage("dataset holds 1 position; a covariance needs at least 2");
		assertThatThrownBy(() -> tools.pca(TEXT, "blocks.1.attn.hook_attn_scores", 1))
			.hasMessageStartingWith("hookName = blocks.1.attn.hook_attn_scores is indexed");
	}

	@Test
	void describesEveryMethodAndItsResultsSerialiseToStrictJson() {
		SuperpositionTools tools = new SuperpositionTools(model);
		assertThat(tools.key()).isEqualTo("superposition");
		assertThat(tools.methods()).extracting(ToolMethod::name)
			.containsExactly("train_sparse_autoencoder", "pca", "interpolate_concepts");
		assertThat(tools.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).isNotEmpty().allSatisfy(param -> assertThat(param.unit()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
		JsonMapper strict = JsonMapper.builder().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
		String hook = "blocks.0.hook_resid_post";
		JsonNode sae = strict
			.readTree(strict.writeValueAsString(tools.trainSparseAutoencoder(TEXT, hook, 16, 0.1, 1, 1e-3, 0)));
		assertThat(sae.get("encoderWeight")).hasSize(model.config().dModel());
		assertThat(sae.get("decoderWeight")).hasSize(16);
		assertThat(sae.get("definition").asString()).startsWith("ReLU SAE");
		JsonNode pca = strict.readTree(strict.writeValueAsString(tools.pca(TEXT, hook, 2)));
		assertThat(pca.get("components")).hasSize(2);
		assertThat(pca.get("projections")).hasSize(TEXT.size());
		JsonNode interpolation = strict
			.readTree(strict.writeValueAsString(tools.interpolateConcepts(A, B, hook, 2, 1)));
		assertThat(interpolation.get("topTokens")).hasSize(2);
		assertThat(interpolation.get("hook").asString()).isEqualTo(hook);
	}

	/**
	 * Step {@code step} predicts at the last position what the plain run of tokens does.
	 */
	private static void assertPrediction(ConceptInterpolation interpolation, int step, long[] tokens) {
		float[] probabilities;
		try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			probabilities = run.output()
				.get(0, tokens.length - 1)
				.toType(DataType.FLOAT32, false)
				.softmax(-1)
				.toFloatArray();
		}
		long[] top = interpolation.topTokens()[step];
		assertThat(top).hasSize(5);
		for (int i = 0; i < top.length; i++) {
			assertThat(interpolation.topProbabilities()[step][i]).as("step %d rank %d", step, i)
				.isCloseTo(probabilities[(int) top[i]], offset(1e-6f));
			if (i > 0) {
				assertThat(interpolation.topProbabilities()[step][i])
					.isLessThanOrEqualTo(interpolation.topProbabilities()[step][i - 1]);
			}
		}
		int argmax = 0;
		for (int token = 1; token < probabilities.length; token++) {
			if (probabilities[token] > probabilities[argmax]) {
				argmax = token;
			}
		}
		assertThat(top[0]).isEqualTo(argmax);
		float fifth = interpolation.topProbabilities()[step][4];
		long above = 0;
		for (float probability : probabilities) {
			if (probability > fifth + 1e-6f) {
				above++;
			}
		}
		assertThat(above).as("tokens more likely than the fifth").isLessThanOrEqualTo(4);
	}

	private static float[][] activations(long[] tokens, String hook) {
		HookName name = HookName.parse(hook, model.hookNames());
		try (RunResult run = model.runWithCache(ModelInput.of(tokens), HookFilter.all(), null)) {
			HostTensor activation = run.cache().toHost(name, Narrowing.ALL);
			int width = (int) activation.shape()[2];
			float[][] rows = new float[tokens.length][width];
			for (int position = 0; position < tokens.length; position++) {
				System.arraycopy(activation.data(), position * width, rows[position], 0, width);
			}
			return rows;
		}
	}

}
