package dev.arrakis.bench.profile;

import org.jspecify.annotations.Nullable;

/**
 * The whole process's resident memory (Java heap, libtorch's allocations and everything
 * else) around the profiled forward.
 *
 * @param residentBytesBefore VmRSS just before the forward; null where unavailable
 * @param peakResidentBytes the largest resident size during the forward (at least
 * {@code residentBytesBefore}); null where unavailable
 * @param method how the peak was measured
 * @param note what the numbers mean, or why they are missing
 */
public record NativeMemory(@Nullable Long residentBytesBefore, @Nullable Long peakResidentBytes, PeakMethod method,
		String note) {
}
