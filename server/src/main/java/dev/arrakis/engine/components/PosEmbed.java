package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * Learned absolute positions: W_pos[positions], added to the token embedding (GPT-2,
 * GPT-Neo).
 */
public final class PosEmbed {

	private static final HookName HOOK = HookName.of(HookPoint.POS_EMBED);

	private final NDArray wPos;

	PosEmbed(StateDict weights) {
		this.wPos = weights.keep(weights.get("pos_embed.W_pos"));
	}

	/** W_pos [n_ctx, d_model]. */
	public NDArray wPos() {
		return this.wPos;
	}

	/**
	 * @param positions int64 [batch, pos], each in [0, n_ctx)
	 * @return [batch, pos, d_model]
	 */
	NDArray forward(NDArray positions, ForwardContext ctx) {
		NDArray embedded = positions.getNDArrayInternal()
			.embedding(positions, this.wPos, SparseFormat.DENSE)
			.singletonOrThrow();
		return ctx.hook(HOOK, embedded);
	}

}
