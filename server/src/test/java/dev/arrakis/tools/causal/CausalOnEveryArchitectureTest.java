package dev.arrakis.tools.causal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

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
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patching and tracing on every architecture the engine supports (GQA, rotary, parallel
 * residual, fused projections), with their exact identities, leaving the model's logits
 * bit-identical.
 */
class CausalOnEveryArchitectureTest {

	private static final long[] CLEAN = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	/** The only position where the corrupted sequence differs from the clean one. */
	private static final int CHANGED = 4;

	private static final long[] CORRUPTED = changed(CLEAN, CHANGED, 42);

	private static final Metric METRIC = Metric.logitDifference(CLEAN.length - 1, 99, 200);

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void patchingAndTracingFollowTheirIdentities(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = load(architecture)) {
			float[] before = logits(model);
			ActivationPatching tool = new ActivationPatching(model);
			int layers = model.config().nLayers();
			int heads = model.config().nHeads();
			for (PatchTarget target : PatchTarget.values()) {
				PatchingResult result = tool.patch(CLEAN, CORRUPTED, target, METRIC);
				int rows = target.perHead() ? heads : 1;
				int columns = target.perPosition() ? CLEAN.length : 1;
				assertThat(result.patched()).as("%s %s", architecture, target).hasNumberOfRows(layers);
				for (float[][] layer : result.patched()) {
					assertThat(layer).hasDimensions(rows, columns);
				}
				assertThat(result.normalised()).as("%s: the changed token moves the metric", architecture).isNotNull();
				if (target.perPosition()) {
					// Before the changed position both runs are the same: nothing to
					// restore.
					for (float[][] layer : result.patched()) {
						for (float[] row : layer) {
							for (int position = 0; position < CHANGED; position++) {
								assertThat((double) row[position]).as("%s %s at %d", architecture, target, position)
									.isCloseTo(result.corrupted(), tolerance(result.corrupted()));
							}
						}
					}
				}
			}
			// The residual stream entering layer 0 at the only changed position is all
			// that differs: restoring it restores the clean run.
			PatchingResult residPre = tool.patch(CLEAN, CORRUPTED, PatchTarget.RESID_PRE, METRIC);
			assertThat((double) residPre.patched()[0][0][CHANGED]).as(architecture)
				.isCloseTo(residPre.clean(), tolerance(residPre.clean()));
			assertThat((double) residPre.normalised()[0][0][CHANGED]).as(architecture)
				.isCloseTo(1.0, Offset.offset(1e-3));

			CausalTrace trace = tool.trace(CLEAN, 2, 4, 99, 3, 2, 1);
			assertThat(trace.residPost()).hasDimensions(layers, CLEAN.length);
			assertThat((double) trace.residPost()[layers - 1][CLEAN.length - 1]).as(architecture)
				.isCloseTo(trace.clean(), Offset.offset(1e-6));
			assertThat(logits(model)).as("%s logits after patching and tracing", architecture).containsExactly(before);
		}
	}

	@Test
	void batchedRunsEqualSerialRunsForEveryTarget() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("llama")) {
			ActivationPatching batched = new ActivationPatching(model, new SweepBatching(5, Long.MAX_VALUE));
			ActivationPatching serial = new ActivationPatching(model, SweepBatching.SERIAL);
			long[] clean = Arrays.copyOf(CLEAN, 6);
			long[] corrupted = Arrays.copyOf(CORRUPTED, 6);
			Metric metric = Metric.loss();
			for (PatchTarget target : PatchTarget.values()) {
				PatchingResult fast = batched.patch(clean, corrupted, target, metric);
				PatchingResult slow = serial.patch(clean, corrupted, target, metric);
				ActivationPatchingTest.assertClose(fast.patched(), slow.patched(), 1e-5);
			}
		}
	}

	@Test
	void identicalInputsHaveNoEffect() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("gpt_neox")) {
			for (PatchTarget target : PatchTarget.values()) {
				PatchingResult result = new ActivationPatching(model).patch(CLEAN, CLEAN, target, METRIC);
				assertThat(result.normalised()).isNull();
				assertThat(result.note()).contains("undefined");
				for (float[][] layer : result.patched()) {
					for (float[] row : layer) {
						for (float value : row) {
							assertThat((double) value).isCloseTo(result.clean(), tolerance(result.clean()));
						}
					}
				}
			}
		}
	}

	private static Offset<Double> tolerance(double expected) {
		return Offset.offset(1e-4 + 1e-5 * Math.abs(expected));
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

	private static long[] changed(long[] tokens, int position, long token) {
		long[] copy = tokens.clone();
		copy[position] = token;
		return copy;
	}

}
