package dev.arrakis.bench.hypothesis;

/**
 * One arm's values and their summary.
 *
 * @param name the arm's name
 * @param size n
 * @param mean the mean
 * @param standardDeviation the sample standard deviation (n - 1), 0 for one value
 * @param values every value, in order
 */
public record ArmSummary(String name, int size, double mean, double standardDeviation, double[] values) {

	static ArmSummary of(String name, double[] values) {
		double mean = 0;
		for (double value : values) {
			mean += value / values.length;
		}
		double squares = 0;
		for (double value : values) {
			squares += (value - mean) * (value - mean);
		}
		double sd = (values.length > 1) ? Math.sqrt(squares / (values.length - 1)) : 0;
		return new ArmSummary(name, values.length, mean, sd, values.clone());
	}

}
