package dev.arrakis.tools.residual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

import static dev.arrakis.tools.residual.TestModels.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The decomposer on every architecture: the parts add up to resid_post of each layer, the
 * accumulated residual is the cached stream, and with the final norm applied its last
 * entry is the final norm's output before gain and bias.
 */
class ResidualDecomposerTest {

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void partsAddUpToTheResidualOfEveryLayer(String architecture) {
		try (HookedAutoModel model = TestModels.architecture(architecture)) {
			float[] before = TestModels.logits(model, TOKENS);
			ResidualDecomposer tool = new ResidualDecomposer(model);
			int heads = model.config().nHeads();
			int embeddings = model.config().positional().learned() ? 2 : 1;
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				ResidualDecomposition parts = tool.decompose(TOKENS, layer);
				assertThat(parts.labels()).hasSize(embeddings + (layer + 1) * (heads + 2))
					.startsWith("embed")
					.contains("L" + layer + "H" + (heads - 1), "L" + layer + "_attn_bias")
					.endsWith("L" + layer + "_mlp");
				assertThat(parts.labels().contains("pos_embed")).isEqualTo(embeddings == 2);
				float[][] residual = TestModels.activation(model, TOKENS, HookPoint.RESID_POST, layer);
				for (int position = 0; position < TOKENS.length; position++) {
					for (int d = 0; d < residual[position].length; d++) {
						double sum = 0;
						for (float[][] component : parts.components()) {
							sum += component[position][d];
						}
						float expected = residual[position][d];
						// float32 parts, each rounded once: 1e-5 absolute + 1e-5
						// relative.
						assertThat(sum).as("%s L%d [%d, %d]", architecture, layer, position, d)
							.isCloseTo(expected, within(1e-5 + 1e-6 * Math.abs(expected)));
					}
					for (int i = 0; i < parts.components().length; i++) {
						assertThat((double) parts.norms()[i][position])
							.isCloseTo(TestModels.norm(parts.components()[i][position]), within(1e-5));
					}
				}
			}
			assertAccumulatedResidual(model, tool);
			assertThat(TestModels.logits(model, TOKENS)).as("logits after the tool").containsExactly(before);
		}
	}

	private static void assertAccumulatedResidual(HookedAutoModel model, ResidualDecomposer tool) {
		int layers = model.config().nLayers();
		AccumulatedResidual raw = tool.accumulatedResidual(TOKENS, false);
		assertThat(raw.labels()).hasSize(layers + 1).startsWith("L0_resid_pre").endsWith("final");
		assertThat(raw.finalNormApplied()).isFalse();
		for (int layer = 0; layer < layers; layer++) {
			assertThat(raw.residuals()[layer])
				.isDeepEqualTo(TestModels.activation(model, TOKENS, HookPoint.RESID_PRE, layer));
		}
		assertThat(raw.residuals()[layers])
			.isDeepEqualTo(TestModels.activation(model, TOKENS, HookPoint.RESID_POST, layers - 1));

		AccumulatedResidual normalised = tool.accumulatedResidual(TOKENS, true);
		assertThat(normalised.finalNormApplied()).isTrue();
		// Times the gain (plus the bias) the last entry is ln_final's own output.
		float[][] output = TestModels.activation(model, TOKENS, HookName.of(HookPoint.LN_FINAL_NORMALIZED));
		float[] gain = ResidualComponents.weight(model, "ln_final.w");
		boolean layerNorm = model.config().norm() == Norm.LAYER_NORM;
		float[] shift = layerNorm ? ResidualComponents.weight(model, "ln_final.b") : new float[gain.length];
		for (int position = 0; position < TOKENS.length; position++) {
			for (int d = 0; d < gain.length; d++) {
				double rebuilt = (double) normalised.residuals()[layers][position][d] * gain[d] + shift[d];
				assertThat(rebuilt).as("ln_final output [%d, %d]", position, d)
					.isCloseTo(output[position][d], within(1e-4 + 1e-4 * Math.abs(output[position][d])));
			}
		}
		// Every entry is divided by the real final residual's scale at its position.
		float[][] scale = TestModels.activation(model, TOKENS, HookName.of(HookPoint.LN_FINAL_SCALE));
		for (int layer = 0; layer <= layers; layer++) {
			for (int position = 0; position < TOKENS.length; position++) {
				float[] x = raw.residuals()[layer][position];
				double mean = layerNorm ? mean(x) : 0;
				for (int d = 0; d < x.length; d++) {
					double expected = (x[d] - mean) / scale[position][0];
					assertThat((double) normalised.residuals()[layer][position][d]).isCloseTo(expected,
							within(1e-5 + 1e-5 * Math.abs(expected)));
				}
			}
		}
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		try (HookedAutoModel model = TestModels.architecture("llama")) {
			ResidualDecomposer tool = new ResidualDecomposer(model);
			int layers = model.config().nLayers();
			assertThatThrownBy(() -> tool.decompose(TOKENS, layers)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("layer = " + layers)
				.hasMessageContaining("0.." + (layers - 1));
			assertThatThrownBy(() -> tool.decompose(TOKENS, -1)).hasMessageContaining("layer = -1");
			assertThatThrownBy(() -> tool.decompose(new long[0], 0)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1 token, got 0");
			assertThatThrownBy(() -> tool.accumulatedResidual(new long[0], true))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1");
			assertThatThrownBy(() -> tool.accumulatedResidual(new long[] { 3, -1 }, false))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens[1] = -1 is not a token id");
		}
	}

	private static double mean(float[] values) {
		double sum = 0;
		for (float value : values) {
			sum += value;
		}
		return sum / values.length;
	}

}
