package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * Token embedding: W_E[tokens]. Gemma's sqrt(d_model) factor is already folded into this
 * W_E.
 */
public final class Embed {

	private static final HookName HOOK = HookName.of(HookPoint.EMBED);

	private final NDArray wE;

	Embed(StateDict weights) {
		this.wE = weights.keep(weights.get("embed.W_E"));
	}

	/** W_E [d_vocab, d_model]. */
	public NDArray wE() {
		return this.wE;
	}

	/**
	 * @param tokens int64 [batch, pos], already checked to lie in [0, d_vocab)
	 * @return [batch, pos, d_model]
	 */
	NDArray forward(NDArray tokens, ForwardContext ctx) {
		NDArray embedded = tokens.getNDArrayInternal()
			.embedding(tokens, this.wE, SparseFormat.DENSE)
			.singletonOrThrow();
		return ctx.hook(HOOK, embedded);
	}

}
