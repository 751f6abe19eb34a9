package dev.arrakis.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Small matrices on the host, in doubles, for the tools' exact linear algebra. */
public final class HostMatrices {

	private HostMatrices() {
	}

	/** A 2-D array [rows, columns] as doubles. */
	public static double[][] of(NDArray matrix) {
		int rows = (int) matrix.getShape().get(0);
		int columns = (int) matrix.getShape().get(1);
		float[] data = matrix.toType(DataType.FLOAT32, false).toFloatArray();
		double[][] values = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				values[i][j] = data[i * columns + j];
			}
		}
		return values;
	}

	public static double[][] transpose(double[][] matrix) {
		double[][] transposed = new double[matrix[0].length][matrix.length];
		for (int i = 0; i < matrix.length; i++) {
			for (int j = 0; j < matrix[0].length; j++) {
				transposed[j][i] = matrix[i][j];
			}
		}
		return transposed;
	}

}
