package dev.arrakis.app.run;

import java.util.List;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.hooks.HookName;

/**
 * The axes of a hook's activation on a given input: names from the engine's
 * {@code HookPoint.dims()} and their sizes for a batch and sequence length.
 *
 * @param names e.g. {@code [batch, n_heads, query_pos, key_pos]}
 * @param sizes the matching sizes
 */
record HookDims(List<String> names, long[] sizes) {

	static HookDims of(HookName hook, HookedAutoConfig config, int batch, int length) {
		List<String> names = List.of(hook.point().dims().split(" "));
		long[] sizes = new long[names.size()];
		for (int i = 0; i < sizes.length; i++) {
			sizes[i] = switch (names.get(i)) {
				case "batch" -> batch;
				case "pos", "query_pos", "key_pos" -> length;
				case "d_model" -> config.dModel();
				case "d_head" -> config.dHead();
				case "d_mlp" -> config.dMlp();
				case "d_vocab" -> config.dVocab();
				case "n_heads" -> config.nHeads();
				case "n_key_value_heads" -> config.nKeyValueHeads();
				default -> Long.parseLong(names.get(i));
			};
		}
		return new HookDims(names, sizes);
	}

	/** The axis the positions selector narrows ({@code pos} or {@code query_pos}). */
	int positionAxis() {
		return this.names.contains("pos") ? this.names.indexOf("pos") : this.names.indexOf("query_pos");
	}

	/** The head axis, or -1 for activations without one. */
	int headAxis() {
		return this.names.contains("n_heads") ? this.names.indexOf("n_heads") : this.names.indexOf("n_key_value_heads");
	}

}
