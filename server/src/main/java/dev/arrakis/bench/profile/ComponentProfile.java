package dev.arrakis.bench.profile;

/**
 * One component of a profiled forward.
 *
 * @param name the component, as {@link Granularity#componentOf} names it
 * @param wallNanos the wall time attributed to it: for each of its hooks, the time since
 * the hook that fired before (or since the forward's start, for the first hook)
 * @param timeShare wallNanos over the sum of all components' wallNanos
 * @param activationBytes the sum over its observed hooks of numel x the dtype's bytes
 * @param memoryShare activationBytes over the sum of all components' activationBytes
 * @param flops its matrix-multiply FLOPs by {@link FlopEstimate}
 */
public record ComponentProfile(String name, long wallNanos, double timeShare, long activationBytes, double memoryShare,
		long flops) {
}
