package dev.arrakis.tools.composition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.Hooks;

/**
 * The reference computation for the tests: one head's W_QK and W_OV as full [d_model,
 * d_model] host matrices built straight from the model's weights, with layer-norm folding
 * done here independently of the tool.
 */
final class MaterialisedCircuits {

	private final HookedAutoModel model;

	private final boolean foldLayerNorm;

	MaterialisedCircuits(HookedAutoModel model, boolean foldLayerNorm) {
		this.model = model;
		this.foldLayerNorm = foldLayerNorm;
	}

	/** W_Q^h W_K^{h}^T, with the key weights of the head's key/value group. */
	RealMatrix qk(int layer, int head) {
		return reading(layer, "W_Q", head).multiply(reading(layer, "W_K", keyValueHead(head)).transpose());
	}

	/** W_V^h W_O^h. */
	RealMatrix ov(int layer, int head) {
		return reading(layer, "W_V", keyValueHead(head)).multiply(matrix("blocks." + layer + ".attn.W_O", head));
	}

	private int keyValueHead(int head) {
		return head / this.model.config().groupSize();
	}

	/**
	 * A reading weight [d_model, d_head]: with folding, row i times ln1.w[i], then (for
	 * LayerNorm) each column minus its mean.
	 */
	private RealMatrix reading(int layer, String name, int head) {
		RealMatrix weight = matrix("blocks." + layer + ".attn." + name, head);
		if (!this.foldLayerNorm) {
			return weight;
		}
		double[] gain = vector("blocks." + layer + ".ln1.w");
		for (int i = 0; i < weight.getRowDimension(); i++) {
			for (int j = 0; j < weight.getColumnDimension(); j++) {
				weight.multiplyEntry(i, j, gain[i]);
			}
		}
		if (this.model.config().norm() == Norm.LAYER_NORM) {
			for (int j = 0; j < weight.getColumnDimension(); j++) {
				double mean = 0;
				for (int i = 0; i < weight.getRowDimension(); i++) {
					mean += weight.getEntry(i, j) / weight.getRowDimension();
				}
				for (int i = 0; i < weight.getRowDimension(); i++) {
					weight.addToEntry(i, j, -mean);
				}
			}
		}
		return weight;
	}

	private RealMatrix matrix(String name, int head) {
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			NDArray slice = this.model.weight(name, manager).toType(DataType.FLOAT32, false).get(head);
			int rows = (int) slice.getShape().get(0);
			int columns = (int) slice.getShape().get(1);
			float[] data = slice.toFloatArray();
			double[][] values = new double[rows][columns];
			for (int i = 0; i < rows; i++) {
				for (int j = 0; j < columns; j++) {
					values[i][j] = data[i * columns + j];
				}
			}
			return new Array2DRowRealMatrix(values, false);
		}
	}

	private double[] vector(String name) {
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			float[] data = this.model.weight(name, manager).toType(DataType.FLOAT32, false).toFloatArray();
			double[] values = new double[data.length];
			for (int i = 0; i < data.length; i++) {
				values[i] = data[i];
			}
			return values;
		}
	}

}
