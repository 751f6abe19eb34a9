package dev.arrakis.bench.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * The one forward the plots of a call share, valid while its context is open.
 *
 * @param model the model that ran
 * @param tokens the sequence it ran on
 * @param cache the activations the plots asked for
 * @param logits the model's logits [1, pos, d_vocab]
 */
record Forward(HookedAutoModel model, long[] tokens, ActivationCache cache, NDArray logits) {

	/** A cached activation, whole, as float32 on the heap. */
	HostTensor host(HookName name) {
		return this.cache.toHost(name, Narrowing.ALL);
	}

	/**
	 * The model's most likely next token at {@code position} (the lowest id on a tie).
	 */
	int topToken(int position) {
		float[] row = this.logits.get(0, position).toType(DataType.FLOAT32, false).toFloatArray();
		int best = 0;
		for (int token = 1; token < row.length; token++) {
			if (row[token] > row[best]) {
				best = token;
			}
		}
		return best;
	}

}
