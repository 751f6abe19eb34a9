package dev.arrakis.engine.arch;

import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/** Layout changes shared by the families, each written once. */
final class Conversions {

	private Conversions() {
	}

	/** nn.Linear weight [out, in] -> [in, out], so that y = x W. */
	static NDArray linear(TensorSource source, String name, int out, int in) throws IOException {
		return source.take(name, new Shape(out, in)).transpose();
	}

	/**
	 * "m (h i)" -> "h m i": [d_model, heads * d_head] to W_Q/W_K/W_V [heads, d_model,
	 * d_head].
	 */
	static NDArray headsIn(NDArray matrix, int heads, int dHead) {
		long dModel = matrix.getShape().get(0);
		return matrix.reshape(dModel, heads, dHead).transpose(1, 0, 2);
	}

	/**
	 * "(h i) m" -> "h i m": [heads * d_head, d_model] to W_O [heads, d_head, d_model].
	 */
	static NDArray headsOut(NDArray matrix, int heads, int dHead) {
		return matrix.reshape(heads, dHead, matrix.getShape().get(1));
	}

	/** "(h i)" -> "h i". */
	static NDArray headBias(NDArray bias, int heads, int dHead) {
		return bias.reshape(heads, dHead);
	}

	/** A norm's weight and, if the checkpoint has it, bias. */
	static void norm(TensorSource source, String hfPrefix, String canonical, int dModel, boolean withBias,
			StateDict out) throws IOException {
		out.put(canonical + ".w", source.take(hfPrefix + ".weight", new Shape(dModel)));
		if (withBias) {
			out.put(canonical + ".b", source.take(hfPrefix + ".bias", new Shape(dModel)));
		}
	}

	/** A bias the checkpoint may or may not have; zeros when it has none. */
	static NDArray biasOrZeros(TensorSource source, String name, int size, StateDict out) throws IOException {
		return source.has(name) ? source.take(name, new Shape(size)) : out.manager().zeros(new Shape(size));
	}

	/**
	 * Takes and drops buffers that old checkpoints store but that carry no weights
	 * (causal masks, inv_freq).
	 */
	static void dropBuffers(TensorSource source, String... names) throws IOException {
		for (String name : names) {
			if (source.has(name)) {
				source.take(name).close();
			}
		}
	}

	/**
	 * W_U from the checkpoint's {@code lmHead} [d_vocab, d_model], or, for tied
	 * embeddings, W_E^T as a view of the stored W_E (a tied checkpoint that still stores
	 * the head has it dropped). b_U is zeros.
	 */
	static void unembed(TensorSource source, HookedAutoConfig c, StateDict out, String lmHead) throws IOException {
		if (c.tiedEmbeddings()) {
			dropBuffers(source, lmHead);
			out.putShared("unembed.W_U", out.get("embed.W_E").transpose());
		}
		else {
			out.put("unembed.W_U", linear(source, lmHead, c.dVocab(), c.dModel()));
		}
		out.putZeros("unembed.b_U", new Shape(c.dVocab()));
	}

}
