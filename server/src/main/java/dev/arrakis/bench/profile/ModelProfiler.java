package dev.arrakis.bench.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Profiles one forward pass: per-component wall time and activation memory, FLOPs by
 * {@link FlopEstimate}, and the process's peak resident memory.
 * <p>
 * Timing: every observed hook point gets a function that notes the time and the
 * activation's size and returns the activation unchanged. The time between two
 * consecutive hook firings belongs to the component of the later hook, since that is the
 * work that produced its activation; the first hook's interval runs from the forward's
 * start (so the embedding's component also carries the input checks and the token
 * upload). The time after the last hook (the logits) until the forward returns is in the
 * total only. Warm-up forwards run first with the same hooks, unrecorded, so one-time
 * costs (lazy initialisation, allocator growth) do not land in the first component.
 * <p>
 * The profiler runs on whatever device the model is on. On a GPU, operations are queued
 * asynchronously, so the times then reflect launch order, not kernel time, unless the
 * device is synchronised; this profiler does not synchronise.
 * <p>
 * Unobserved hook points: {@code attn.hook_result}, which the engine computes only when
 * something asks for it, and, for LayerNorm models, the {@code hook_scale} points of ln1,
 * ln2 and ln_final, whose observation switches the engine from the fused layer norm to an
 * unfused one (other numbers, more work). Every other hook is observed, and the profiled
 * forward gives the logits of a plain forward, bit for bit.
 * <p>
 * Stateless and thread-safe; the model is never changed.
 */
public final class ModelProfiler {

	/** The largest warm-up count accepted. */
	public static final int MAX_WARM_UP_RUNS = 100;

	private final int warmUpRuns;

	private final ResidentMemoryProbe memoryProbe;

	private final LongSupplier clock;

	/** A profiler that runs one warm-up forward. */
	public ModelProfiler() {
		this(1);
	}

	/**
	 * @param warmUpRuns unrecorded forwards before the profiled one, 0..100
	 */
	public ModelProfiler(int warmUpRuns) {
		this(warmUpRuns, new ResidentMemoryProbe(), System::nanoTime);
	}

	/**
	 * For tests: another memory probe, and another clock in nanoseconds.
	 */
	ModelProfiler(int warmUpRuns, ResidentMemoryProbe memoryProbe, LongSupplier clock) {
		if (warmUpRuns < 0 || warmUpRuns > MAX_WARM_UP_RUNS) {
			throw new IllegalArgumentException(
					"warmUpRuns = %d is out of range: valid values are 0..%d".formatted(warmUpRuns, MAX_WARM_UP_RUNS));
		}
		this.warmUpRuns = warmUpRuns;
		this.memoryProbe = memoryProbe;
		this.clock = clock;
	}

	/**
	 * Profiles a forward of {@code model} over {@code tokens}, its components grouped by
	 * {@code granularity}.
	 * @throws IllegalArgumentException naming {@code tokens} when it is empty, holds an
	 * id outside the vocabulary, or is longer than a learned-position model's context
	 */
	public Profile profile(HookedAutoModel model, long[] tokens, Granularity granularity) {
		return profile(model, tokens, granularity, logits -> {
		});
	}

	/**
	 * As {@link #profile(HookedAutoModel, long[], Granularity)}; {@code logitsSink} sees
	 * the profiled forward's logits after the timing ends, before they are freed.
	 */
	Profile profile(HookedAutoModel model, long[] tokens, Granularity granularity, Consumer<NDArray> logitsSink) {
		checkTokens(tokens, model.config());
		List<HookName> observed = model.hookNames().stream().filter(name -> observable(name, model.config())).toList();
		HookTimeline timeline = new HookTimeline(observed.size(), this.clock);
		ModelInput input = ModelInput.of(tokens);
		Hooks hooks = timeline.hooks(observed);
		try (ForwardContext scope = model.newContext(hooks)) {
			for (int run = 0; run < this.warmUpRuns; run++) {
				// A context per forward, as a plain forward gets: nothing carries over.
				try (ForwardContext warmUp = model.newContext(hooks)) {
					model.forward(input, warmUp);
				}
			}
			NDArray logits;
			long forwardWallNanos;
			NativeMemory nativeMemory;
			ResidentMemoryProbe.Measurement memory = this.memoryProbe.start();
			try {
				timeline.start();
				logits = model.forward(input, scope);
				forwardWallNanos = timeline.elapsed();
			}
			finally {
				// Also when the forward fails: a sampling thread must not outlive it.
				nativeMemory = memory.stop();
			}
			logitsSink.accept(logits);
			return summarise(model, tokens.length, granularity, timeline, forwardWallNanos, nativeMemory);
		}
	}

	private Profile summarise(HookedAutoModel model, int positions, Granularity granularity, HookTimeline timeline,
			long forwardWallNanos, NativeMemory nativeMemory) {
		Map<String, long[]> nanosAndBytes = new LinkedHashMap<>();
		for (String component : granularity.components(model.config())) {
			nanosAndBytes.put(component, new long[2]);
		}
		for (int firing = 0; firing < timeline.count(); firing++) {
			long[] sums = nanosAndBytes.get(granularity.componentOf(timeline.name(firing)));
			sums[0] += timeline.interval(firing);
			sums[1] += timeline.bytes(firing);
		}
		long totalNanos = nanosAndBytes.values().stream().mapToLong(sums -> sums[0]).sum();
		long totalBytes = nanosAndBytes.values().stream().mapToLong(sums -> sums[1]).sum();
		FlopEstimate flops = FlopEstimate.of(model.config(), positions, granularity);
		Map<String, Long> flopsByComponent = flops.components()
			.stream()
			.collect(Collectors.toMap(ComponentFlops::name, ComponentFlops::flops));
		List<ComponentProfile> components = new ArrayList<>();
		for (Map.Entry<String, long[]> entry : nanosAndBytes.entrySet()) {
			long nanos = entry.getValue()[0];
			long bytes = entry.getValue()[1];
			components.add(new ComponentProfile(entry.getKey(), nanos, share(nanos, totalNanos), bytes,
					share(bytes, totalBytes), flopsByComponent.get(entry.getKey())));
		}
		ProfileTotals totals = new ProfileTotals(forwardWallNanos, totalNanos, totalBytes, flops.totalFlops());
		return new Profile(model.name(), positions, granularity, model.device(), this.warmUpRuns, components, totals,
				nativeMemory, unobservedHookPoints(model.config()), notes(model, nativeMemory));
	}

	private static double share(long part, long whole) {
		return whole == 0 ? 0 : (double) part / whole;
	}

	/** Whether hooking {@code name} leaves the forward's work and numbers unchanged. */
	static boolean observable(HookName name, HookedAutoConfig config) {
		return !unobservedPoints(config).contains(name.point());
	}

	private static Set<HookPoint> unobservedPoints(HookedAutoConfig config) {
		return config.norm() == Norm.LAYER_NORM
				? Set.of(HookPoint.RESULT, HookPoint.LN1_SCALE, HookPoint.LN2_SCALE, HookPoint.LN_FINAL_SCALE)
				: Set.of(HookPoint.RESULT);
	}

	private static List<String> unobservedHookPoints(HookedAutoConfig config) {
		return unobservedPoints(config).stream().map(HookPoint::suffix).sorted().toList();
	}

	private static List<String> notes(HookedAutoModel model, NativeMemory nativeMemory) {
		List<String> notes = new ArrayList<>();
		notes.add("wallNanos: the time between each of a component's hook firings and the firing before it "
				+ "(the forward's start for the first hook); the time after the logits hook is in "
				+ "totals.forwardWallNanos only");
		notes.add("activationBytes: numel x dtype bytes of each observed hook's activation, summed");
		notes.add("unobserved: attn.hook_result (computed only when asked for)"
				+ (model.config().norm() == Norm.LAYER_NORM
						? " and the LayerNorm hook_scale points (observing them replaces the fused layer norm)" : ""));
		notes.add("flops: " + FlopEstimate.COUNTING_RULE);
		if (!model.device().equals("cpu")) {
			notes.add("device " + model.device() + " runs asynchronously and is not synchronised: times reflect "
					+ "when operations were launched, not when they finished");
		}
		notes.add("nativeMemory: " + nativeMemory.note());
		return notes;
	}

	private static void checkTokens(long[] tokens, HookedAutoConfig config) {
		if (tokens.length == 0) {
			throw new IllegalArgumentException("tokens is empty: give at least one token id");
		}
		for (int position = 0; position < tokens.length; position++) {
			if (tokens[position] < 0 || tokens[position] >= config.dVocab()) {
				throw new IllegalArgumentException("tokens[%d] = %d is out of range: valid values are 0..%d"
					.formatted(position, tokens[position], config.dVocab() - 1));
			}
		}
		if (config.positional().learned() && tokens.length > config.nCtx()) {
			throw new IllegalArgumentException("tokens has %d positions: valid lengths are 1..%d (the model's context)"
				.formatted(tokens.length, config.nCtx()));
		}
	}

}
