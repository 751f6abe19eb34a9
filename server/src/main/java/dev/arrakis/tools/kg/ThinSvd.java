package dev.arrakis.tools.kg;

import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import dev.arrakis.tools.composition.FactoredMatrix;

/**
 * The top-k singular triplets of a factored product A B (A [m x r], B [r x n]), computed
 * without forming it: with thin QR decompositions A = Q_A R_A and B^T = Q_B R_B, A B =
 * Q_A (R_A R_B^T) Q_B^T, so the SVD of the small core R_A R_B^T = U_c S V_c^T gives A B =
 * (Q_A U_c) S (Q_B V_c)^T. Signs are fixed so that each left vector's largest-magnitude
 * entry is positive (the right vector flips with it, leaving U S V^T unchanged).
 *
 * @param values the k largest singular values, descending
 * @param left the left singular vectors as rows [k][m], orthonormal
 * @param right the right singular vectors as rows [k][n], orthonormal
 */
record ThinSvd(double[] values, double[][] left, double[][] right) {

	static ThinSvd of(FactoredMatrix product, int k) {
		Orthogonal leftFactor = Orthogonal.of(product.left());
		Orthogonal rightFactor = Orthogonal.of(product.right().transpose());
		RealMatrix core = leftFactor.r().multiply(rightFactor.r().transpose());
		SingularValueDecomposition svd = new SingularValueDecomposition(core);
		RealMatrix left = leftFactor.q().multiply(svd.getU());
		RealMatrix right = rightFactor.q().multiply(svd.getV());
		double[] values = new double[k];
		double[][] leftRows = new double[k][];
		double[][] rightRows = new double[k][];
		for (int i = 0; i < k; i++) {
			values[i] = svd.getSingularValues()[i];
			leftRows[i] = left.getColumn(i);
			rightRows[i] = right.getColumn(i);
			if (leftRows[i][largestMagnitude(leftRows[i])] < 0) {
				negate(leftRows[i]);
				negate(rightRows[i]);
			}
		}
		return new ThinSvd(values, leftRows, rightRows);
	}

	private static int largestMagnitude(double[] vector) {
		int best = 0;
		for (int i = 1; i < vector.length; i++) {
			if (Math.abs(vector[i]) > Math.abs(vector[best])) {
				best = i;
			}
		}
		return best;
	}

	private static void negate(double[] vector) {
		for (int i = 0; i < vector.length; i++) {
			vector[i] = -vector[i];
		}
	}

	/** A thin QR decomposition of a p x q matrix: Q [p x s], R [s x q], s = min(p, q). */
	private record Orthogonal(RealMatrix q, RealMatrix r) {

		static Orthogonal of(RealMatrix matrix) {
			QRDecomposition decomposition = new QRDecomposition(matrix);
			int rows = matrix.getRowDimension();
			int columns = matrix.getColumnDimension();
			int kept = Math.min(rows, columns);
			return new Orthogonal(decomposition.getQ().getSubMatrix(0, rows - 1, 0, kept - 1),
					decomposition.getR().getSubMatrix(0, kept - 1, 0, columns - 1));
		}

	}

}
