package dev.arrakis.bench.stats;

/**
 * Input checks shared by the tests: clear messages naming the parameter and its range.
 */
final class Samples {

	private Samples() {
	}

	/** An arm must hold at least two finite values. */
	static void checkArm(String name, double[] values) {
		if (values.length < 2) {
			throw new IllegalArgumentException(
					"%s has %d value(s): each arm needs at least 2 values".formatted(name, values.length));
		}
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) {
				throw new IllegalArgumentException("%s[%d] = %s: values must be finite numbers (not NaN or infinite)"
					.formatted(name, i, values[i]));
			}
		}
	}

	static void checkPaired(double[] a, double[] b) {
		checkArm("a", a);
		checkArm("b", b);
		if (a.length != b.length) {
			throw new IllegalArgumentException(
					"a has %d values and b has %d: paired arms need the same length".formatted(a.length, b.length));
		}
	}

	static void checkAtLeastOne(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(
					"%s = %d is out of range: valid values are 1..%d".formatted(name, value, Integer.MAX_VALUE));
		}
	}

}
