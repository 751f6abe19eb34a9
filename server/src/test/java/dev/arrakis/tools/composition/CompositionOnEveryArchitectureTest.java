package dev.arrakis.tools.composition;

import java.io.IOException;
import java.net.URISyntaxException;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every method of the composer on every architecture the engine supports (GQA, MQA,
 * rotary, parallel residual, fused projections, RMSNorm), leaving the model's logits
 * bit-identical.
 */
class CompositionOnEveryArchitectureTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodRunsAndTheModelIsUnchanged(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = CompositionToolTest.load(architecture)) {
			float[] before = logits(model);
			CompositionTool tool = new CompositionTool(model);
			int layers = model.config().nLayers();
			int heads = model.config().nHeads();
			for (CompositionKind kind : CompositionKind.values()) {
				CompositionScores scores = tool.compositionScores(kind, true, 5, 0);
				assertThat(scores.scores()).hasDimensions(layers, heads);
				assertThat(scores.baseline()).isBetween(0.0, 1.0);
				for (int head1 = 0; head1 < heads; head1++) {
					for (int head2 = 0; head2 < heads; head2++) {
						assertThat(scores.score(0, head1, layers - 1, head2)).as("%s %s", architecture, kind)
							.isBetween(0f, 1f)
							.isPositive();
					}
				}
			}
			VirtualHead virtual = tool.virtualHead(TOKENS, 0, heads - 1, layers - 1, 0);
			assertThat(virtual.pattern()).hasDimensions(TOKENS.length, TOKENS.length);
			for (float[] row : virtual.pattern()) {
				double sum = 0;
				for (float p : row) {
					sum += p;
				}
				assertThat(sum).isCloseTo(1.0, within(1e-5));
			}
			assertThat(virtual.ovSingularValues()).hasSize(model.config().dHead());
			assertThat(virtual.vComposition()).isBetween(0.0, 1.0);
			for (CircuitKind kind : CircuitKind.values()) {
				CircuitSpectrum spectrum = tool.circuit(layers - 1, heads - 1, kind);
				assertThat(spectrum.singularValues()).hasSize(model.config().dHead());
				assertThat(spectrum.singularValues()[0]).isPositive().isLessThanOrEqualTo(spectrum.frobeniusNorm());
				assertThat(spectrum.eigenvaluesReal()).hasSameSizeAs(spectrum.eigenvaluesImaginary());
			}
			assertThat(logits(model)).as("logits after running the composer").containsExactly(before);
		}
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
