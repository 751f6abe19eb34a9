package dev.arrakis.bench.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjustment of p-values across several tests. Both adjustments sort the m p-values
 * ascending (p_(1) <= ... <= p_(m)), adjust them, cap them at 1 and return them in the
 * input order.
 */
public final class MultipleTesting {

	private MultipleTesting() {
	}

	/**
	 * Holm's step-down adjustment (controls the family-wise error rate): adjusted_(i) =
	 * min(1, max over j <= i of p_(j) (m - j + 1)).
	 * @param pValues raw p-values in [0, 1], at least one
	 * @return the adjusted p-values in the input order
	 */
	public static AdjustedPValues holm(double[] pValues) {
		Integer[] order = ascendingOrder(pValues);
		int m = pValues.length;
		double[] adjusted = new double[m];
		double runningMax = 0;
		for (int rank = 1; rank <= m; rank++) {
			int index = order[rank - 1];
			runningMax = Math.max(runningMax, pValues[index] * (m - rank + 1));
			adjusted[index] = Math.min(1, runningMax);
		}
		return new AdjustedPValues("Holm", pValues.clone(), adjusted);
	}

	/**
	 * The Benjamini-Hochberg step-up adjustment (controls the false discovery rate):
	 * adjusted_(i) = min(1, min over j >= i of p_(j) m / j).
	 * @param pValues raw p-values in [0, 1], at least one
	 * @return the adjusted p-values in the input order
	 */
	public static AdjustedPValues benjaminiHochberg(double[] pValues) {
		Integer[] order = ascendingOrder(pValues);
		int m = pValues.length;
		double[] adjusted = new double[m];
		double runningMin = 1;
		for (int rank = m; rank >= 1; rank--) {
			int index = order[rank - 1];
			runningMin = Math.min(runningMin, pValues[index] * m / rank);
			adjusted[index] = runningMin;
		}
		return new AdjustedPValues("Benjamini-Hochberg", pValues.clone(), adjusted);
	}

	private static Integer[] ascendingOrder(double[] pValues) {
		if (pValues.length == 0) {
			throw new IllegalArgumentException("pValues is empty: give at least one p-value");
		}
		for (int i = 0; i < pValues.length; i++) {
			if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
				throw new IllegalArgumentException(
						"pValues[%d] = %s is out of range: valid values are 0..1".formatted(i, pValues[i]));
			}
		}
		Integer[] order = IntStream.range(0, pValues.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> pValues[i]));
		return order;
	}

}
