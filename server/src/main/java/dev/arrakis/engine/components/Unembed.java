package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/** logits = x W_U + b_U. With tied embeddings W_U is a transposed view of W_E, not a copy. */
public final class Unembed {

	private static final HookName HOOK = HookName.of(HookPoint.LOGITS);

	private final NDArray wU;

	private final NDArray bU;

	Unembed(StateDict weights) {
		this.wU = weights.keep(weights.get("unembed.W_U"));
		this.bU = weights.keep(weights.get("unembed.b_U"));
	}

	/** W_U [d_model, d_vocab]. */
	public NDArray wU() {
		return this.wU;
	}

	/**
	 * @param x the final-norm output [batch, pos, d_model]
	 * @return [batch, pos, d_vocab]
	 */
	NDArray forward(NDArray x, ForwardContext ctx) {
		return ctx.hook(HOOK, x.matMul(this.wU).add(this.bU));
	}

}
