package dev.arrakis.tools.kg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.HostMatrices;
import dev.arrakis.tools.composition.FactoredMatrix;

/**
 * One head's QK factors as host doubles: W_Q^h [d_model, d_head] and the W_K [d_model,
 * d_head] of its key/value group (head h reads group h / group_size), so that W_QK^h =
 * W_Q^h W_K^h^T.
 *
 * <p>
 * With {@code foldLayerNorm} both see what ln1 feeds them, as the composition scores do:
 * row i is multiplied by the gain ln1.w[i] and, for LayerNorm (which centres its input),
 * each column is then centred over d_model. The normaliser's scale, biases and rotary
 * embeddings are left out.
 *
 * @param query W_Q^h [d_model][d_head]
 * @param key W_K of the head's key/value group [d_model][d_head]
 */
record HeadQk(double[][] query, double[][] key) {

	static HeadQk read(HookedAutoModel model, int layer, int head, boolean foldLayerNorm) {
		String prefix = "blocks." + layer + ".";
		int keyValueHead = head / model.config().groupSize();
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			double[][] query = HostMatrices.of(float32(model.weight(prefix + "attn.W_Q", manager)).get(head));
			double[][] key = HostMatrices.of(float32(model.weight(prefix + "attn.W_K", manager)).get(keyValueHead));
			if (foldLayerNorm) {
				double[] gain = float32(model.weight(prefix + "ln1.w", manager)).toType(DataType.FLOAT64, false)
					.toDoubleArray();
				boolean centre = model.config().norm() == Norm.LAYER_NORM;
				fold(query, gain, centre);
				fold(key, gain, centre);
			}
			return new HeadQk(query, key);
		}
	}

	/** W_QK^h = W_Q^h W_K^h^T [d_model, d_model], kept factored. */
	FactoredMatrix circuit() {
		return FactoredMatrix.of(this.query, HostMatrices.transpose(this.key));
	}

	private static void fold(double[][] weight, double[] gain, boolean centre) {
		int rows = weight.length;
		int columns = weight[0].length;
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				weight[i][j] *= gain[i];
			}
		}
		if (!centre) {
			return;
		}
		for (int j = 0; j < columns; j++) {
			double mean = 0;
			for (double[] row : weight) {
				mean += row[j];
			}
			mean /= rows;
			for (double[] row : weight) {
				row[j] -= mean;
			}
		}
	}

	private static NDArray float32(NDArray array) {
		return array.toType(DataType.FLOAT32, false);
	}

}
