package dev.arrakis.tools.composition;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The product A B of a left factor A [m x r] and a right factor B [r x n], kept factored:
 * norms, singular values and eigenvalues are computed from r x r (or smaller) matrices,
 * never from the m x n product. Host doubles; immutable.
 */
public final class FactoredMatrix {

	private final RealMatrix left;

	private final RealMatrix right;

	public FactoredMatrix(RealMatrix left, RealMatrix right) {
		if (left.getColumnDimension() != right.getRowDimension()) {
			throw new IllegalArgumentException(
					"left is %d x %d but right is %d x %d: inner dimensions differ".formatted(left.getRowDimension(),
							left.getColumnDimension(), right.getRowDimension(), right.getColumnDimension()));
		}
		this.left = left.copy();
		this.right = right.copy();
	}

	/** A B for row-major arrays {@code left} [m][r] and {@code right} [r][n]. */
	public static FactoredMatrix of(double[][] left, double[][] right) {
		return new FactoredMatrix(new Array2DRowRealMatrix(left), new Array2DRowRealMatrix(right));
	}

	public RealMatrix left() {
		return this.left.copy();
	}

	public RealMatrix right() {
		return this.right.copy();
	}

	/** m. */
	public int rows() {
		return this.left.getRowDimension();
	}

	/** n. */
	public int columns() {
		return this.right.getColumnDimension();
	}

	/** r, the inner dimension: an upper bound on the rank. */
	public int innerDimension() {
		return this.left.getColumnDimension();
	}

	/** A B, materialised [m x n]. */
	public RealMatrix product() {
		return this.left.multiply(this.right);
	}

	/** (A B)^T = B^T A^T. */
	public FactoredMatrix transpose() {
		return new FactoredMatrix(this.right.transpose(), this.left.transpose());
	}

	/**
	 * (A1 B1)(A2 B2) = A1 (B1 A2) B2, still factored: the small core B1 A2 joins the side
	 * that keeps the inner dimension at min(r1, r2).
	 */
	public FactoredMatrix times(FactoredMatrix other) {
		if (columns() != other.rows()) {
			throw new IllegalArgumentException(
					"cannot multiply %d x %d by %d x %d".formatted(rows(), columns(), other.rows(), other.columns()));
		}
		RealMatrix core = this.right.multiply(other.left);
		if (innerDimension() <= other.innerDimension()) {
			return new FactoredMatrix(this.left, core.multiply(other.right));
		}
		return new FactoredMatrix(this.left.multiply(core), other.right);
	}

	/**
	 * ||A B||_F = sqrt(tr((A^T A)(B B^T))), from two r x r Gram matrices.
	 */
	public double frobeniusNorm() {
		RealMatrix leftGram = this.left.transpose().multiply(this.left);
		RealMatrix rightGram = this.right.multiply(this.right.transpose());
		double sum = 0;
		int r = innerDimension();
		for (int i = 0; i < r; i++) {
			for (int j = 0; j < r; j++) {
				sum += leftGram.getEntry(i, j) * rightGram.getEntry(i, j);
			}
		}
		return Math.sqrt(Math.max(sum, 0));
	}

	/**
	 * The min(m, n, r) largest singular values of A B, descending. With thin QR
	 * decompositions A = Q_A R_A and B^T = Q_B R_B, A B = Q_A (R_A R_B^T) Q_B^T, and the
	 * orthonormal Q's leave the singular values of the small core R_A R_B^T.
	 */
	public double[] singularValues() {
		RealMatrix core = thinR(this.left).multiply(thinR(this.right.transpose()).transpose());
		double[] values = new SingularValueDecomposition(core).getSingularValues();
		return Arrays.copyOf(values, Math.min(Math.min(rows(), columns()), innerDimension()));
	}

	/**
	 * Eigenvalues of a square A B [m x m], sorted by modulus, largest first: min(m, r) of
	 * them. A B and B A [r x r] share their non-zero eigenvalues, so the smaller of the
	 * two is decomposed; the other m - r eigenvalues of A B (when r < m) are 0.
	 */
	public Eigenvalues eigenvalues() {
		if (rows() != columns()) {
			throw new IllegalArgumentException(
					"eigenvalues need a square matrix; this one is %d x %d".formatted(rows(), columns()));
		}
		RealMatrix small = innerDimension() <= rows() ? this.right.multiply(this.left) : product();
		EigenDecomposition decomposition = new EigenDecomposition(small);
		return Eigenvalues.sortedByModulus(decomposition.getRealEigenvalues(), decomposition.getImagEigenvalues());
	}

	/** R of a thin QR decomposition of {@code matrix} [p x q]: min(p, q) x q. */
	private static RealMatrix thinR(RealMatrix matrix) {
		RealMatrix r = new QRDecomposition(matrix).getR();
		int kept = Math.min(matrix.getRowDimension(), matrix.getColumnDimension());
		return r.getSubMatrix(0, kept - 1, 0, matrix.getColumnDimension() - 1);
	}

	/**
	 * Complex eigenvalues as parallel real and imaginary parts, largest modulus first.
	 *
	 * @param real real parts
	 * @param imaginary imaginary parts (complex eigenvalues of a real matrix come in
	 * conjugate pairs)
	 */
	public record Eigenvalues(double[] real, double[] imaginary) {

		static Eigenvalues sortedByModulus(double[] real, double[] imaginary) {
			Integer[] order = IntStream.range(0, real.length).boxed().toArray(Integer[]::new);
			Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.hypot(real[i], imaginary[i]))
				.thenComparingDouble(i -> -imaginary[i]));
			double[] sortedReal = new double[real.length];
			double[] sortedImaginary = new double[real.length];
			for (int i = 0; i < order.length; i++) {
				sortedReal[i] = real[order[i]];
				sortedImaginary[i] = imaginary[order[i]];
			}
			return new Eigenvalues(sortedReal, sortedImaginary);
		}

		/** |lambda_i|. */
		public double[] moduli() {
			double[] moduli = new double[this.real.length];
			for (int i = 0; i < moduli.length; i++) {
				moduli[i] = Math.hypot(this.real[i], this.imaginary[i]);
			}
			return moduli;
		}

	}

}
