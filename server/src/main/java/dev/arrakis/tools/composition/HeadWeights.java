package dev.arrakis.tools.composition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.tools.HostMatrices;

/**
 * One layer's per-head attention factors as float32 copies, one entry per query head
 * (grouped-query models repeat each key/value head for the query heads that share it):
 * W_Q, W_K, W_V [n_heads, d_model, d_head] and W_O [n_heads, d_head, d_model].
 *
 * <p>
 * With {@code foldLayerNorm}, the reading weights see what ln1 feeds them: W_Q, W_K and
 * W_V become diag(w) W, and for LayerNorm (not RMSNorm), which centres its input, they
 * are then centred over the d_model axis. The normaliser's scale and biases are
 * activation-dependent or constant and are left out, as are rotary embeddings.
 */
record HeadWeights(NDArray query, NDArray key, NDArray value, NDArray output) {

	static HeadWeights read(HookedAutoModel model, int layer, boolean foldLayerNorm, NDManager into) {
		int groupSize = model.config().groupSize();
		String prefix = "blocks." + layer + ".";
		NDArray query = float32(model.weight(prefix + "attn.W_Q", into));
		NDArray key = float32(model.weight(prefix + "attn.W_K", into)).repeat(0, groupSize);
		NDArray value = float32(model.weight(prefix + "attn.W_V", into)).repeat(0, groupSize);
		NDArray output = float32(model.weight(prefix + "attn.W_O", into));
		if (foldLayerNorm) {
			NDArray gain = float32(model.weight(prefix + "ln1.w", into)).reshape(1, -1, 1);
			boolean centre = model.config().norm() == Norm.LAYER_NORM;
			query = fold(query, gain, centre);
			key = fold(key, gain, centre);
			value = fold(value, gain, centre);
		}
		return new HeadWeights(query, key, value, output);
	}

	/** W_Q^h [d_model, d_head] on the host. */
	double[][] hostQuery(int head) {
		return HostMatrices.of(this.query.get(head));
	}

	double[][] hostKey(int head) {
		return HostMatrices.of(this.key.get(head));
	}

	double[][] hostValue(int head) {
		return HostMatrices.of(this.value.get(head));
	}

	/** W_O^h [d_head, d_model] on the host. */
	double[][] hostOutput(int head) {
		return HostMatrices.of(this.output.get(head));
	}

	/** W_QK^h = W_Q^h W_K^h^T, factored. */
	FactoredMatrix qk(int head) {
		return FactoredMatrix.of(hostQuery(head), HostMatrices.transpose(hostKey(head)));
	}

	/** W_OV^h = W_V^h W_O^h, factored. */
	FactoredMatrix ov(int head) {
		return FactoredMatrix.of(hostValue(head), hostOutput(head));
	}

	private static NDArray fold(NDArray weight, NDArray gain, boolean centre) {
		NDArray scaled = weight.mul(gain);
		return centre ? scaled.sub(scaled.mean(new int[] { 1 }, true)) : scaled;
	}

	private static NDArray float32(NDArray array) {
		return array.toType(DataType.FLOAT32, false);
	}

}
