package dev.arrakis.tools.residual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.HookPoint;

import static dev.arrakis.tools.residual.TestModels.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Residual norms and movement against what the cache says: resid_post - resid_pre is
 * attn_out + mlp_out, and the output of layer l is the input of layer l + 1.
 */
class ResidualNormsTest {

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void normsAndMovementMatchTheCache(String architecture) {
		try (HookedAutoModel model = TestModels.architecture(architecture)) {
			float[] before = TestModels.logits(model, TOKENS);
			ResidualTools tool = new ResidualTools(model);
			int layers = model.config().nLayers();
			ResidualNorms norms = tool.residualNorms(TOKENS);
			assertThat(norms.preNorms()).hasDimensions(layers, TOKENS.length);
			for (int layer = 0; layer < layers; layer++) {
				float[][] pre = TestModels.activation(model, TOKENS, HookPoint.RESID_PRE, layer);
				float[][] post = TestModels.activation(model, TOKENS, HookPoint.RESID_POST, layer);
				float[][] written = sum(TestModels.activation(model, TOKENS, HookPoint.ATTN_OUT, layer),
						TestModels.activation(model, TOKENS, HookPoint.MLP_OUT, layer));
				double relative = 0;
				double cosine = 0;
				for (int position = 0; position < TOKENS.length; position++) {
					double preNorm = TestModels.norm(pre[position]);
					double postNorm = TestModels.norm(post[position]);
					assertThat((double) norms.preNorms()[layer][position]).isCloseTo(preNorm, within(1e-5 * preNorm));
					assertThat((double) norms.postNorms()[layer][position]).isCloseTo(postNorm,
							within(1e-5 * postNorm));
					relative += TestModels.norm(written[position]) / preNorm / TOKENS.length;
					cosine += dot(pre[position], post[position]) / (preNorm * postNorm) / TOKENS.length;
				}
				assertThat((double) norms.relativeChange()[layer]).as("%s L%d relative change", architecture, layer)
					.isCloseTo(relative, within(1e-4 * relative + 1e-6));
				assertThat((double) norms.cosine()[layer]).isCloseTo(cosine, within(1e-5));
				assertThat((double) norms.meanPreNorm()[layer]).isCloseTo(mean(norms.preNorms()[layer]), within(1e-4));
				assertThat((double) norms.meanPostNorm()[layer]).isCloseTo(mean(norms.postNorms()[layer]),
						within(1e-4));
			}
			for (int layer = 0; layer + 1 < layers; layer++) {
				assertMovementToTheNextLayer(model, tool, norms, layer);
			}
			if (layers > 1) {
				ResidualMovement whole = tool.residualMovement(TOKENS, 0, layers - 1);
				assertThat(whole.cosine()).isBetween(-1.0, 1.0);
				assertThat(whole.relativeChangePerPosition()).hasSize(TOKENS.length);
			}
			assertThat(TestModels.logits(model, TOKENS)).as("logits after the tool").containsExactly(before);
		}
	}

	/**
	 * resid_post[l + 1] - resid_post[l] = attn_out[l + 1] + mlp_out[l + 1]; and it is the
	 * residual_norms change of layer l + 1, whose resid_pre is resid_post[l].
	 */
	private static void assertMovementToTheNextLayer(HookedAutoModel model, ResidualTools tool, ResidualNorms norms,
			int layer) {
		ResidualMovement movement = tool.residualMovement(TOKENS, layer, layer + 1);
		assertThat(movement.fromLayer()).isEqualTo(layer);
		assertThat(movement.toLayer()).isEqualTo(layer + 1);
		float[][] from = TestModels.activation(model, TOKENS, HookPoint.RESID_POST, layer);
		float[][] written = sum(TestModels.activation(model, TOKENS, HookPoint.ATTN_OUT, layer + 1),
				TestModels.activation(model, TOKENS, HookPoint.MLP_OUT, layer + 1));
		double expected = 0;
		for (int position = 0; position < TOKENS.length; position++) {
			double perPosition = TestModels.norm(written[position]) / TestModels.norm(from[position]);
			assertThat((double) movement.relativeChangePerPosition()[position]).isCloseTo(perPosition,
					within(1e-4 * perPosition + 1e-6));
			expected += perPosition / TOKENS.length;
		}
		assertThat(movement.relativeChange()).isCloseTo(expected, within(1e-4 * expected + 1e-6));
		assertThat(movement.relativeChange()).isCloseTo(norms.relativeChange()[layer + 1], within(1e-6));
		assertThat(movement.cosine()).isCloseTo(norms.cosine()[layer + 1], within(1e-6));
	}

	@Test
	void movementNeedsAnEarlierAndALaterLayer() {
		try (HookedAutoModel model = TestModels.architecture("gpt_neox")) {
			ResidualTools tool = new ResidualTools(model);
			int layers = model.config().nLayers();
			assertThatThrownBy(() -> tool.residualMovement(TOKENS, 1, 1)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("fromLayer = 1 must be less than toLayer = 1")
				.hasMessageContaining("0 <= fromLayer < toLayer <= " + (layers - 1));
			assertThatThrownBy(() -> tool.residualMovement(TOKENS, 1, 0))
				.hasMessageContaining("fromLayer = 1 must be less than toLayer = 0");
			assertThatThrownBy(() -> tool.residualMovement(TOKENS, -1, 1)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("fromLayer = -1")
				.hasMessageContaining("0.." + (layers - 1));
			assertThatThrownBy(() -> tool.residualMovement(TOKENS, 0, layers))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("toLayer = " + layers)
				.hasMessageContaining("0.." + (layers - 1));
			assertThatThrownBy(() -> tool.residualMovement(new long[0], 0, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1 token, got 0");
			assertThatThrownBy(() -> tool.residualNorms(new long[0])).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1");
			assertThatThrownBy(() -> tool.decompose(new long[0], 0)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1");
			assertThatThrownBy(() -> new LogitLens(model).run(new long[0], 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1");
		}
	}

	private static float[][] sum(float[][] a, float[][] b) {
		float[][] sum = new float[a.length][a[0].length];
		for (int i = 0; i < a.length; i++) {
			for (int j = 0; j < a[i].length; j++) {
				sum[i][j] = a[i][j] + b[i][j];
			}
		}
		return sum;
	}

	private static double dot(float[] a, float[] b) {
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += (double) a[i] * b[i];
		}
		return dot;
	}

	private static double mean(float[] values) {
		double sum = 0;
		for (float value : values) {
			sum += value;
		}
		return sum / values.length;
	}

}
