package dev.arrakis.engine;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Element-wise comparison |got - ref| <= atol + rtol |ref| that reports the worst
 * element, not just "false".
 */
final class TensorAssert {

	private TensorAssert() {
	}

	/**
	 * Fails with e.g.
	 * {@code logits: max |Δ| = 3.1e-04 at [1, 7, 42] (got 1.2, ref 1.5; atol 1e-04, rtol 1e-05)}.
	 */
	static double assertClose(String label, NDArray got, NDArray reference, double atol, double rtol) {
		assertThat(got.getShape()).as(label + " shape").isEqualTo(reference.getShape());
		float[] actual = got.toType(DataType.FLOAT32, false).toFloatArray();
		float[] expected = reference.toType(DataType.FLOAT32, false).toFloatArray();
		double worstExcess = Double.NEGATIVE_INFINITY;
		double maxDiff = 0;
		int worst = 0;
		for (int i = 0; i < actual.length; i++) {
			double diff = Math.abs((double) actual[i] - expected[i]);
			if (Double.isNaN(diff)) {
				diff = Double.POSITIVE_INFINITY;
			}
			double excess = diff - (atol + rtol * Math.abs(expected[i]));
			maxDiff = Math.max(maxDiff, diff);
			if (excess > worstExcess) {
				worstExcess = excess;
				worst = i;
			}
		}
		String where = Arrays.toString(unravel(worst, reference.getShape()));
		assertThat(worstExcess)
			.as("%s: max |Δ| = %.2e; worst at %s (got %s, ref %s; atol %.0e, rtol %.0e)", label, maxDiff, where,
					actual[worst], expected[worst], atol, rtol)
			.isLessThanOrEqualTo(0);
		return maxDiff;
	}

	static int[] unravel(int flat, Shape shape) {
		int[] index = new int[shape.dimension()];
		int rest = flat;
		for (int d = shape.dimension() - 1; d >= 0; d--) {
			index[d] = (int) (rest % shape.get(d));
			rest /= (int) shape.get(d);
		}
		return index;
	}

}
