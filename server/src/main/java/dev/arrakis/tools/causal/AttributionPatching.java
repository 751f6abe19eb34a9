package dev.arrakis.tools.causal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.GradientRun;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;

/**
 * Attribution patching (Nanda 2023, "Attribution Patching: Activation Patching At
 * Industrial Scale"; Syed et al. 2023): the first-order Taylor estimate of denoising
 * activation patching. Patching index i of the clean activation into the corrupted run
 * changes the metric by about (clean_i - corrupted_i) . d metric / d act_i, the gradient
 * taken on the corrupted run; the dot product runs over the values the index patches
 * (d_model, or a head's d_head, at one position or summed over all). One clean cached run
 * and one corrupted gradient pass give every index. Inputs are checked by the caller
 * ({@link ActivationPatching#attributionPatch}).
 */
final class AttributionPatching {

	private final HookedAutoModel model;

	AttributionPatching(HookedAutoModel model) {
		this.model = model;
	}

	PatchingResult estimate(long[] clean, long[] corrupted, PatchTarget target, Metric metric) {
		int layers = this.model.config().nLayers();
		int heads = target.perHead() ? this.model.config().nHeads() : 1;
		int positions = target.perPosition() ? clean.length : 1;
		List<HookName> names = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			names.add(HookName.of(target.hookPoint(), layer));
		}
		float[][][] effects = new float[layers][][];
		double cleanMetric;
		double corruptedMetric;
		try (RunResult cleanRun = this.model.runWithCache(ModelInput.of(clean), HookFilter.of(names::contains), null);
				GradientRun corruptedRun = this.model.gradients(ModelInput.of(corrupted), Hooks.none(), names,
						logits -> metric.objective(logits, 0, clean))) {
			cleanMetric = metric.evaluate(cleanRun.output(), 0, clean);
			corruptedMetric = metric.evaluate(corruptedRun.logits(), 0, clean);
			for (int layer = 0; layer < layers; layer++) {
				HookName name = names.get(layer);
				NDArray difference = cleanRun.cache()
					.get(name)
					.toType(DataType.FLOAT32, false)
					.sub(corruptedRun.activation(name).toType(DataType.FLOAT32, false));
				NDArray effect = difference.mul(corruptedRun.gradient(name).toType(DataType.FLOAT32, false)).get(0);
				effects[layer] = layout(effect, target, heads, positions);
			}
		}
		double gap = cleanMetric - corruptedMetric;
		double scale = Math.max(1, Math.max(Math.abs(cleanMetric), Math.abs(corruptedMetric)));
		boolean defined = Math.abs(gap) > ActivationPatching.UNDEFINED_GAP * scale;
		@Nullable String note = defined ? null
				: "normalised metric undefined: the clean (%s) and corrupted (%s) metrics coincide, so there is no "
					.formatted(cleanMetric, corruptedMetric) + "difference for patching to restore";
		return new PatchingResult(target, "attribution patching estimate of " + metric.describe(),
				ActivationPatching.labels("L", layers),
				target.perHead() ? ActivationPatching.labels("H", heads) : List.of(target.component()),
				target.perPosition() ? ActivationPatching.labels("", positions) : List.of("all"), cleanMetric,
				corruptedMetric, map(effects, value -> corruptedMetric + value),
				defined ? map(effects, value -> value / gap) : null, note);
	}

	/**
	 * One layer's per-value products [pos, d] or [pos, H, d_head], summed to the result's
	 * [heads][positions].
	 */
	private static float[][] layout(NDArray products, PatchTarget target, int heads, int positions) {
		NDArray summed = products.sum(new int[] { products.getShape().dimension() - 1 });
		// summed: [pos] or [pos, H]
		if (!target.perHead()) {
			return new float[][] { summed.toFloatArray() };
		}
		NDArray byHead = target.perPosition() ? summed.transpose() : summed.sum(new int[] { 0 }).reshape(heads, 1);
		float[] flat = byHead.toFloatArray();
		float[][] layer = new float[heads][positions];
		for (int head = 0; head < heads; head++) {
			System.arraycopy(flat, head * positions, layer[head], 0, positions);
		}
		return layer;
	}

	private static float[][][] map(float[][][] values, DoubleUnaryOperator transform) {
		float[][][] mapped = new float[values.length][][];
		for (int layer = 0; layer < values.length; layer++) {
			mapped[layer] = new float[values[layer].length][];
			for (int row = 0; row < values[layer].length; row++) {
				mapped[layer][row] = new float[values[layer][row].length];
				for (int column = 0; column < values[layer][row].length; column++) {
					mapped[layer][row][column] = (float) transform.applyAsDouble(values[layer][row][column]);
				}
			}
		}
		return mapped;
	}

}
