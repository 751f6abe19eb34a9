package dev.arrakis.bench.diff;

import java.util.List;

/**
 * The differences between two documents.
 *
 * @param equal whether they are equal (within the tolerance)
 * @param differenceCount how many differences there are in all
 * @param differences the first of them, in document order (at most the limit asked for)
 * @param numbersCompared how many pairs of numbers were compared
 * @param maxAbsoluteDifference the largest |a - b| over the numbers compared (0 when
 * none)
 * @param tolerance the tolerance numbers were compared with
 */
public record DiffReport(boolean equal, int differenceCount, List<Difference> differences, long numbersCompared,
		double maxAbsoluteDifference, Tolerance tolerance) {

	public DiffReport {
		differences = List.copyOf(differences);
	}

}
