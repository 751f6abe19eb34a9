package dev.arrakis.tools.composition;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Composition scores for every writer/reader head pair without forming a d_model x
 * d_model matrix.
 *
 * <p>
 * The writer's W_OV = A1 B1 (W_V [d_model, d_head] times W_O) and the reader's circuit Y
 * = A2 B2 (W_Q W_K^T, W_K W_Q^T or W_V W_O) have the same Frobenius norms after their
 * outer factors are replaced by d_head x d_head square roots of their Gram matrices: with
 * F1^T F1 = A1^T A1 and F2^T F2 = B2 B2^T (from a symmetric eigendecomposition), ||A1 B1
 * A2 B2||_F = ||F1 B1 A2 F2^T||_F. So each head is reduced once to a writer matrix F1 B1
 * [d_head, d_model] and a reader matrix A2 F2^T [d_model, d_head], and all head pairs of
 * a layer pair come from one matMul [n_heads d_head, d_model] x [d_model, n_heads d_head]
 * followed by sums of squares over d_head x d_head blocks.
 */
final class BatchedComposition {

	private BatchedComposition() {
	}

	/**
	 * Scores [layer1][head1][layer2][head2], non-zero only for layer1 < layer2; the
	 * arrays this creates belong to {@code manager}.
	 */
	static float[][][][] scores(List<HeadWeights> layers, CompositionKind kind, NDManager manager) {
		int count = layers.size();
		int heads = (int) layers.get(0).query().getShape().get(0);
		int dHead = (int) layers.get(0).query().getShape().get(2);
		NDArray[] writers = new NDArray[count];
		NDArray[] readers = new NDArray[count];
		float[][] writerNorms = new float[count][];
		float[][] readerNorms = new float[count][];
		for (int layer = 0; layer < count; layer++) {
			HeadWeights w = layers.get(layer);
			// [n_heads, d_head, d_model] -> [n_heads * d_head, d_model]
			NDArray writer = gramRoot(gram(w.value())).matMul(w.output());
			writers[layer] = writer.reshape(-1, writer.getShape().get(2));
			writerNorms[layer] = norms(writer);
			NDArray reader = switch (kind) {
				case Q -> w.query().matMul(gramRoot(gram(w.key())).transpose(0, 2, 1));
				case K -> w.key().matMul(gramRoot(gram(w.query())).transpose(0, 2, 1));
				case V ->
					w.value().matMul(gramRoot(w.output().matMul(w.output().transpose(0, 2, 1))).transpose(0, 2, 1));
			};
			// [n_heads, d_model, d_head] -> [d_model, n_heads * d_head]
			readers[layer] = reader.transpose(1, 0, 2).reshape(reader.getShape().get(1), -1);
			readerNorms[layer] = norms(reader);
		}
		float[][][][] scores = new float[count][heads][count][heads];
		for (int layer1 = 0; layer1 < count; layer1++) {
			for (int layer2 = layer1 + 1; layer2 < count; layer2++) {
				float[] squares;
				try (NDManager pair = manager.newSubManager()) {
					pair.tempAttachAll(writers[layer1]);
					squares = writers[layer1].matMul(readers[layer2])
						.square()
						.reshape(heads, dHead, heads, dHead)
						.sum(new int[] { 1, 3 })
						.toFloatArray();
				}
				for (int head1 = 0; head1 < heads; head1++) {
					for (int head2 = 0; head2 < heads; head2++) {
						scores[layer1][head1][layer2][head2] = ratio(squares[head1 * heads + head2],
								writerNorms[layer1][head1], readerNorms[layer2][head2]);
					}
				}
			}
		}
		return scores;
	}

	/** A^T A per head, for A [n_heads, d_model, d_head]. */
	private static NDArray gram(NDArray factor) {
		return factor.transpose(0, 2, 1).matMul(factor);
	}

	/**
	 * F = S^{1/2} U^T per head for a symmetric positive semi-definite G = U S U^T
	 * [n_heads, d_head, d_head], so that F^T F = G; computed on the host in doubles.
	 */
	private static NDArray gramRoot(NDArray gram) {
		Shape shape = gram.getShape();
		int heads = (int) shape.get(0);
		int size = (int) shape.get(1);
		float[] values = gram.toType(DataType.FLOAT32, false).toFloatArray();
		float[] roots = new float[values.length];
		for (int head = 0; head < heads; head++) {
			int offset = head * size * size;
			RealMatrix matrix = new Array2DRowRealMatrix(size, size);
			for (int i = 0; i < size; i++) {
				for (int j = 0; j < size; j++) {
					// Symmetrised: float rounding must not push the decomposition off the
					// symmetric path.
					matrix.setEntry(i, j, 0.5 * (values[offset + i * size + j] + values[offset + j * size + i]));
				}
			}
			EigenDecomposition decomposition = new EigenDecomposition(matrix);
			for (int k = 0; k < size; k++) {
				double scale = Math.sqrt(Math.max(decomposition.getRealEigenvalue(k), 0));
				for (int j = 0; j < size; j++) {
					roots[offset + k * size + j] = (float) (scale * decomposition.getV().getEntry(j, k));
				}
			}
		}
		return gram.getManager().create(roots, shape);
	}

	/** Frobenius norm of each head's matrix [n_heads, a, b]. */
	private static float[] norms(NDArray perHead) {
		float[] squares = perHead.square().sum(new int[] { 1, 2 }).toFloatArray();
		float[] norms = new float[squares.length];
		for (int i = 0; i < squares.length; i++) {
			norms[i] = (float) Math.sqrt(squares[i]);
		}
		return norms;
	}

	private static float ratio(float squaredProductNorm, float writerNorm, float readerNorm) {
		double denominator = (double) writerNorm * readerNorm;
		if (denominator == 0) {
			return 0;
		}
		// ||X Y|| <= ||X|| ||Y|| exactly; the clamp only removes float rounding above 1.
		return (float) Math.min(1.0, Math.sqrt(squaredProductNorm) / denominator);
	}

}
