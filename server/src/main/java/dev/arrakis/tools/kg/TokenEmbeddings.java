package dev.arrakis.tools.kg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.HostMatrices;

/**
 * Rows W_E[t] of the token embedding (what hook_embed holds for token t: no positions, no
 * layer norm; Gemma's sqrt(d_model) factor included), as host doubles.
 */
final class TokenEmbeddings {

	private TokenEmbeddings() {
	}

	/** W_E[tokens] [tokens][d_model]; the ids are already checked against d_vocab. */
	static double[][] rows(HookedAutoModel model, long[] tokens) {
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			NDArray embedding = model.weight("embed.W_E", manager).toType(DataType.FLOAT32, false);
			NDArray indices = manager.create(tokens);
			NDArray rows = indices.getNDArrayInternal()
				.embedding(indices, embedding, SparseFormat.DENSE)
				.singletonOrThrow();
			return HostMatrices.of(rows);
		}
	}

}
