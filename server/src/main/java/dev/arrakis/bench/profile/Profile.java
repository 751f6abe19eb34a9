package dev.arrakis.bench.profile;

import java.util.List;

/**
 * The profile of one forward pass over one sequence.
 *
 * @param modelName the model's name
 * @param tokens how many tokens the sequence had
 * @param granularity how hooks were grouped into components
 * @param device where the model ran ({@code cpu} or {@code cuda:N})
 * @param warmUpRuns forwards run (and not recorded) before the profiled one
 * @param components one entry per component, in the order their first hooks fire
 * @param totals the whole forward's wall time and the components' sums
 * @param nativeMemory the process's resident memory before and at its peak during the
 * forward
 * @param unobservedHookPoints hook points (relative to {@code blocks.L.} for block
 * points) the profiler does not hook because hooking them would add computation or change
 * the result; their activations are not counted
 * @param notes what the numbers mean and how they were taken
 */
public record Profile(String modelName, int tokens, Granularity granularity, String device, int warmUpRuns,
		List<ComponentProfile> components, ProfileTotals totals, NativeMemory nativeMemory,
		List<String> unobservedHookPoints, List<String> notes) {

	public Profile {
		components = List.copyOf(components);
		unobservedHookPoints = List.copyOf(unobservedHookPoints);
		notes = List.copyOf(notes);
	}

}
