package dev.arrakis.bench.profile;

/** How a profile measured the process's peak resident memory. */
public enum PeakMethod {

	/**
	 * The kernel's high-water mark: {@code 5} written to {@code /proc/self/clear_refs}
	 * before the forward resets it, {@code VmHWM} in {@code /proc/self/status} after
	 * reads it. Exact.
	 */
	CLEAR_REFS_HIGH_WATER_MARK,

	/**
	 * The largest {@code VmRSS} sampled every millisecond by a background thread during
	 * the forward, when the reset was refused. A lower bound: a peak shorter than a
	 * millisecond can be missed.
	 */
	SAMPLED_RESIDENT_SIZE,

	/** No {@code /proc/self/status} (not Linux): nothing measured. */
	UNAVAILABLE

}
