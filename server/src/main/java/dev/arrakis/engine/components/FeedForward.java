package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.weights.StateDict;

/** A block's MLP: {@link MLP} or {@link GatedMLP}. */
interface FeedForward {

	/**
	 * @param x the normalised residual [batch, pos, d_model]
	 * @return [batch, pos, d_model]
	 */
	NDArray forward(NDArray x, ForwardContext ctx);

	/**
	 * A copy of W_in, b_in, W_gate (gated only), W_out or b_out in TransformerLens
	 * layout, in {@code into}.
	 */
	NDArray canonical(String leaf, NDManager into);

	static FeedForward create(HookedAutoConfig config, StateDict weights, int layer) {
		return config.mlp() == MlpKind.GATED ? new GatedMLP(config, weights, layer) : new MLP(config, weights, layer);
	}

}
