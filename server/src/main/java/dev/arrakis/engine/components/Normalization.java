package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.weights.StateDict;

/**
 * A norm with {@code hook_scale} and {@code hook_normalized} points: {@link LayerNorm} or
 * {@link RMSNorm}.
 */
public interface Normalization {

	/**
	 * @param x [batch, pos, d_model]
	 * @return [batch, pos, d_model]
	 */
	NDArray forward(NDArray x, ForwardContext ctx);

	/** The norm's gain w [d_model]. */
	NDArray w();

	/**
	 * A copy of {@code w} or (LayerNorm only) {@code b} in {@code into}.
	 * @throws IllegalArgumentException for any other name
	 */
	NDArray canonical(String leaf, NDManager into);

	static Normalization create(HookedAutoConfig config, StateDict weights, String prefix, HookName scale,
			HookName normalized) {
		return config.norm() == Norm.LAYER_NORM
				? new LayerNorm(weights, prefix, (float) config.eps(), scale, normalized)
				: new RMSNorm(weights, prefix, (float) config.eps(), scale, normalized);
	}

}
