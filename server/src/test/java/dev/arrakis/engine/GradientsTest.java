package dev.arrakis.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Gradients of a logit with respect to activations agree with central finite differences
 * on every architecture (GELU, SiLU-gated, rotary, parallel blocks, GQA); the gradient at
 * the logits themselves is exactly one-hot; recording a backward pass changes no forward
 * value.
 */
class GradientsTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 3 };

	private static final int POSITION = TOKENS.length - 1;

	private static final int TARGET = 7;

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void gradientsAgreeWithFiniteDifferences(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] plain;
			try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
				plain = run.output().toFloatArray();
			}
			HookName residPre = HookName.residPre(0);
			HookName mlpPost = HookName.of(HookPoint.MLP_POST, model.config().nLayers() - 1);
			HookName z = HookName.of(HookPoint.Z, 0);
			HookName logits = HookName.of(HookPoint.LOGITS);
			try (GradientRun run = model.gradients(ModelInput.of(TOKENS), Hooks.none(),
					List.of(residPre, mlpPost, z, logits), GradientsTest::targetLogit)) {
				assertThat(run.logits().toFloatArray()).as("recording changes no forward value").containsExactly(plain);
				assertThat(run.objective()).isEqualTo(plain[POSITION * model.config().dVocab() + TARGET]);
				float[] atLogits = run.gradient(logits).toFloatArray();
				for (int i = 0; i < atLogits.length; i++) {
					assertThat(atLogits[i]).isEqualTo(i == POSITION * model.config().dVocab() + TARGET ? 1f : 0f);
				}
				for (HookName name : List.of(residPre, mlpPost, z)) {
					NDArray gradient = run.gradient(name);
					assertThat(gradient.getShape()).isEqualTo(run.activation(name).getShape());
					String index = name == z ? "0, 2, 1, 3" : "0, 2, 3";
					double analytic = gradient.get(index).getFloat();
					double numeric = finiteDifference(model, name, index);
					assertThat(analytic).as("%s %s at %s", architecture, name, index)
						.isCloseTo(numeric, offset(2e-3 + 0.02 * Math.abs(numeric)));
				}
				// Positions after the target cannot influence it; the last one is the
				// target.
				assertThat(run.gradient(residPre).get("0, " + POSITION).abs().sum().getFloat()).isPositive();
			}
		}
	}

	private static NDArray targetLogit(NDArray logits) {
		return logits.get(new NDIndex("0, {}, {}", POSITION, TARGET));
	}

	private static double finiteDifference(HookedAutoModel model, HookName name, String index) {
		float step = 1e-2f;
		double[] values = new double[2];
		for (int side = 0; side < 2; side++) {
			float delta = side == 0 ? step : -step;
			Hooks nudge = Hooks.none().with(name, (activation, hookName) -> {
				NDArray shift = activation.zerosLike();
				shift.set(new NDIndex(index), delta);
				return activation.add(shift);
			});
			try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), nudge)) {
				values[side] = targetLogit(run.output()).getFloat();
			}
		}
		return (values[0] - values[1]) / (2 * step);
	}

}
