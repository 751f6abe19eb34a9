package dev.arrakis.tools.kg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.Hooks;

/**
 * The reference for the tests, built straight from the model's weights and independent of
 * the tool: one head's W_Q and W_K (the key/value group's), optionally with ln1 folded
 * in, the materialised d_model x d_model W_QK, and rows of W_E.
 */
final class ExplicitWeights {

	private final HookedAutoModel model;

	private final boolean foldLayerNorm;

	ExplicitWeights(HookedAutoModel model, boolean foldLayerNorm) {
		this.model = model;
		this.foldLayerNorm = foldLayerNorm;
	}

	static HookedAutoModel load(String architecture) {
		try {
			Path folder = Paths
				.get(ExplicitWeights.class.getClassLoader().getResource("hf-reference/" + architecture).toURI());
			return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** W_Q^h [d_model, d_head]. */
	RealMatrix query(int layer, int head) {
		return reading(layer, "W_Q", head);
	}

	/** W_K of head h's key/value group h / group_size [d_model, d_head]. */
	RealMatrix key(int layer, int head) {
		return reading(layer, "W_K", head / this.model.config().groupSize());
	}

	/** W_Q^h W_K^h^T, materialised. */
	RealMatrix qk(int layer, int head) {
		return query(layer, head).multiply(key(layer, head).transpose());
	}

	/** W_E[token] as a row. */
	double[] embedding(long token) {
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			return toDouble(this.model.weight("embed.W_E", scope.manager())
				.toType(DataType.FLOAT32, false)
				.get(token)
				.toFloatArray());
		}
	}

	/** W_E[tokens] [tokens, d_model]. */
	RealMatrix embeddings(long[] tokens) {
		double[][] rows = new double[tokens.length][];
		for (int i = 0; i < tokens.length; i++) {
			rows[i] = embedding(tokens[i]);
		}
		return new Array2DRowRealMatrix(rows, false);
	}

	private RealMatrix reading(int layer, String name, int head) {
		RealMatrix weight;
		double[] gain;
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDArray slice = this.model.weight("blocks." + layer + ".attn." + name, scope.manager())
				.toType(DataType.FLOAT32, false)
				.get(head);
			int rows = (int) slice.getShape().get(0);
			int columns = (int) slice.getShape().get(1);
			float[] data = slice.toFloatArray();
			weight = new Array2DRowRealMatrix(rows, columns);
			for (int i = 0; i < rows; i++) {
				for (int j = 0; j < columns; j++) {
					weight.setEntry(i, j, data[i * columns + j]);
				}
			}
			gain = toDouble(this.model.weight("blocks." + layer + ".ln1.w", scope.manager())
				.toType(DataType.FLOAT32, false)
				.toFloatArray());
		}
		if (!this.foldLayerNorm) {
			return weight;
		}
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

	private static double[] toDouble(float[] values) {
		double[] doubles = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			doubles[i] = values[i];
		}
		return doubles;
	}

}
