package dev.arrakis.bench.diff;

/**
 * When two numbers count as equal:
 * {@code |a - b| <= absolute + relative * max(|a|, |b|)}.
 *
 * @param absolute the absolute tolerance, at least 0
 * @param relative the relative tolerance, at least 0
 */
public record Tolerance(double absolute, double relative) {

	/** Numbers must be equal. */
	public static final Tolerance EXACT = new Tolerance(0, 0);

	public Tolerance {
		if (!Double.isFinite(absolute) || !Double.isFinite(relative) || absolute < 0 || relative < 0) {
			throw new IllegalArgumentException(
					"tolerance must be finite and >= 0: absolute = %s, relative = %s".formatted(absolute, relative));
		}
	}

	/**
	 * Whether {@code a} and {@code b} are equal within this tolerance (NaN equals NaN).
	 */
	public boolean equal(double a, double b) {
		if (Double.isNaN(a) || Double.isNaN(b)) {
			return Double.isNaN(a) && Double.isNaN(b);
		}
		if (a == b) {
			return true;
		}
		return Math.abs(a - b) <= this.absolute + this.relative * Math.max(Math.abs(a), Math.abs(b));
	}

}
