package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * logits = x W_U + b_U. With tied embeddings W_U is a transposed view of W_E, not a copy.
 */
public final class Unembed {

	private static final HookName HOOK = HookName.of(HookPoint.LOGITS);

	private final NDArray wU;

	private final NDArray bU;

	/** W_U transposed, [d_vocab, d_model]: a view for reading single tokens' columns. */
	private final NDArray wUByToken;

	/**
	 * Whether b_U is all zeros (every tied model): then the [batch, pos, d_vocab] bias
	 * pass is skipped.
	 */
	private final boolean zeroBias;

	Unembed(StateDict weights) {
		this.wU = weights.keep(weights.get("unembed.W_U"));
		this.bU = weights.keep(weights.get("unembed.b_U"));
		this.wUByToken = weights.keepView(this.wU.transpose());
		try (NDArray nonZero = this.bU.countNonzero()) {
			this.zeroBias = nonZero.getLong() == 0;
		}
	}

	/** W_U [d_model, d_vocab]. */
	public NDArray wU() {
		return this.wU;
	}

	/**
	 * W_U[:, t] for each token id, as rows [tokens, d_model] owned by {@code into}: the
	 * columns alone are copied, never the whole matrix.
	 */
	public NDArray columns(long[] tokenIds, NDManager into) {
		NDArray indices = into.create(tokenIds);
		return indices.getNDArrayInternal().embedding(indices, this.wUByToken, SparseFormat.DENSE).singletonOrThrow();
	}

	/** b_U [d_vocab]. */
	public NDArray bU() {
		return this.bU;
	}

	/**
	 * @param x the final-norm output [batch, pos, d_model]
	 * @return [batch, pos, d_vocab]
	 */
	NDArray forward(NDArray x, ForwardContext ctx) {
		// Adding zeros changes no value: the logits are the product itself, its largest
		// array written once.
		return ctx.hook(HOOK, this.zeroBias ? x.matMul(this.wU) : Ops.linear(x, this.wU, this.bU));
	}

}
