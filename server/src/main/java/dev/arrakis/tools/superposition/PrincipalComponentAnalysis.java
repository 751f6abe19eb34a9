package dev.arrakis.tools.superposition;

import java.util.Arrays;
import java.util.Comparator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * PCA in float64: the covariance C = (X - mean)^T (X - mean) / (n - 1) and the
 * projections are NDArray math; C's eigendecomposition (d x d, d <=
 * {@link SuperpositionTools#MAX_PCA_WIDTH}) is commons-math3's on the host. Eigenvalues
 * below zero are rounding error of a positive semi-definite matrix and are reported as
 * zero.
 */
final class PrincipalComponentAnalysis {

	private PrincipalComponentAnalysis() {
	}

	static PrincipalComponents of(String hook, HookActivations activations, int components, NDManager manager) {
		int rows = activations.rows();
		int width = activations.width();
		NDArray x = activations.rows(manager, 0, rows).toType(DataType.FLOAT64, false);
		NDArray mean = x.mean(new int[] { 0 });
		NDArray centred = x.sub(mean);
		double[] flatCovariance = centred.transpose().matMul(centred).div(rows - 1.0).toDoubleArray();
		double[][] covariance = new double[width][width];
		double trace = 0;
		for (int i = 0; i < width; i++) {
			for (int j = 0; j < width; j++) {
				// Symmetric by construction up to rounding; commons-math checks symmetry.
				covariance[i][j] = (flatCovariance[i * width + j] + flatCovariance[j * width + i]) / 2;
			}
			trace += covariance[i][i];
		}
		EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false));
		double[] eigenvalues = eigen.getRealEigenvalues();
		Integer[] order = new Integer[width];
		for (int i = 0; i < width; i++) {
			order[i] = i;
		}
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> eigenvalues[i]).reversed());

		float[][] vectors = new float[components][width];
		float[] variance = new float[components];
		float[] ratio = new float[components];
		double[] basis = new double[width * components];
		for (int c = 0; c < components; c++) {
			double[] vector = signed(eigen.getEigenvector(order[c]));
			double value = Math.max(0, eigenvalues[order[c]]);
			variance[c] = (float) value;
			ratio[c] = trace == 0 ? 0f : (float) (value / trace);
			for (int d = 0; d < width; d++) {
				vectors[c][d] = (float) vector[d];
				basis[d * components + c] = vector[d];
			}
		}
		float[] projected = centred.matMul(manager.create(basis, new Shape(width, components)))
			.toType(DataType.FLOAT32, false)
			.toFloatArray();
		int[] lengths = activations.lengths();
		float[][][] projections = new float[lengths.length][][];
		int row = 0;
		for (int sequence = 0; sequence < lengths.length; sequence++) {
			projections[sequence] = new float[lengths[sequence]][components];
			for (int position = 0; position < lengths[sequence]; position++, row++) {
				System.arraycopy(projected, row * components, projections[sequence][position], 0, components);
			}
		}
		float[] meanRow = mean.toType(DataType.FLOAT32, false).toFloatArray();
		return new PrincipalComponents(hook,
				"PCA of %s: eigenvectors of the activation covariance over %d positions; ratio = eigenvalue / trace"
					.formatted(hook, rows),
				rows, meanRow, vectors, variance, ratio, projections);
	}

	/** The unit vector, signed so that its largest-magnitude entry is positive. */
	private static double[] signed(RealVector vector) {
		double[] values = vector.unitVector().toArray();
		int largest = 0;
		for (int i = 1; i < values.length; i++) {
			if (Math.abs(values[i]) > Math.abs(values[largest])) {
				largest = i;
			}
		}
		if (values[largest] < 0) {
			for (int i = 0; i < values.length; i++) {
				values[i] = -values[i];
			}
		}
		return values;
	}

}
