package dev.arrakis.tools.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Many patched runs of one sequence, batched: a forward pass stacks copies of the
 * sequence, and row i restores the clean activation at site i (through a hook that
 * selects, per row, the patched slice; every other value passes through untouched).
 * Chunks of rows keep each pass within the {@link SweepBatching} bounds.
 */
final class PatchedRuns {

	/** Everywhere along an axis: every position, or every head. */
	static final int ALL = -1;

	/**
	 * One patched run: the clean activation at {@code name} replaces the run's at
	 * {@code head} and {@code position} ({@link #ALL} for every one); {@code name} null:
	 * nothing is patched (the corrupted run itself).
	 */
	record Site(@Nullable HookName name, int head, int position) {

		static Site none() {
			return new Site(null, ALL, ALL);
		}

	}

	/** Hooks that apply to every row of a pass, e.g. the noise of causal tracing. */
	interface PassHooks {

		/** The hooks to add for the pass that runs sites [from, to). */
		Hooks forSites(Hooks hooks, int from, int to);

	}

	/** What each row of a pass measures, from the pass's logits [batch, pos, d_vocab]. */
	interface Measure {

		double[] of(NDArray logits);

	}

	/** Told after every pass how far the sweep has got. */
	interface Progress {

		/**
		 * {@code measured[0, done)} hold the finished sites' measurements; the array is
		 * the sweep's own and keeps filling: copy what you keep.
		 */
		void measured(double[] measured, int done);

	}

	private final HookedAutoModel model;

	private final SweepBatching batching;

	PatchedRuns(HookedAutoModel model, SweepBatching batching) {
		this.model = model;
		this.batching = batching;
	}

	/**
	 * Runs {@code tokens} once per site, restoring the activations of {@code clean} (a
	 * cache of batch 1 holding every patched hook) at that site, and measures each run.
	 */
	double[] run(long[] tokens, List<Site> sites, ActivationCache clean, PassHooks passHooks, Measure measure) {
		return run(tokens, sites, clean, passHooks, measure, (measured, done) -> {
		});
	}

	/** {@link #run}, telling {@code progress} after every pass. */
	double[] run(long[] tokens, List<Site> sites, ActivationCache clean, PassHooks passHooks, Measure measure,
			Progress progress) {
		double[] measured = new double[sites.size()];
		int rows = this.batching.rowsPerPass(this.model.config(), tokens.length);
		for (int from = 0; from < sites.size(); from += rows) {
			int to = Math.min(sites.size(), from + rows);
			List<Site> pass = sites.subList(from, to);
			long[][] batch = new long[pass.size()][];
			Arrays.fill(batch, tokens);
			Hooks hooks = passHooks.forSites(patchHooks(pass, clean), from, to);
			try (RunResult run = this.model.runWithHooks(ModelInput.of(batch), hooks)) {
				System.arraycopy(measure.of(run.output()), 0, measured, from, pass.size());
			}
			progress.measured(measured, to);
		}
		return measured;
	}

	private static Hooks patchHooks(List<Site> pass, ActivationCache clean) {
		Set<HookName> names = new LinkedHashSet<>();
		pass.stream().map(Site::name).filter(name -> name != null).forEach(names::add);
		Hooks hooks = Hooks.none();
		for (HookName name : names) {
			List<Integer> rows = new ArrayList<>();
			for (int row = 0; row < pass.size(); row++) {
				if (name.equals(pass.get(row).name())) {
					rows.add(row);
				}
			}
			NDArray cleanActivation = clean.get(name);
			hooks = hooks.with(name, (activation, hook) -> restore(activation, cleanActivation, pass, rows));
		}
		return hooks;
	}

	/**
	 * The activation with the clean values at each listed row's site. {@code where}
	 * selects values, so everything outside the sites stays bit for bit; its result
	 * belongs to the manager of the activation (the call's).
	 */
	private static NDArray restore(NDArray activation, NDArray cleanActivation, List<Site> pass, List<Integer> rows) {
		long[] shape = activation.getShape().getShape();
		int batch = (int) shape[0];
		int positions = (int) shape[1];
		boolean perHead = shape.length == 4;
		int heads = perHead ? (int) shape[2] : 1;
		boolean[] keep = new boolean[batch * positions * heads];
		Arrays.fill(keep, true);
		for (int row : rows) {
			Site site = pass.get(row);
			for (int position = 0; position < positions; position++) {
				for (int head = 0; head < heads; head++) {
					boolean positionHit = site.position() == ALL || site.position() == position;
					boolean headHit = !perHead || site.head() == ALL || site.head() == head;
					if (positionHit && headHit) {
						keep[(row * positions + position) * heads + head] = false;
					}
				}
			}
		}
		Shape maskShape = perHead ? new Shape(batch, positions, heads, 1) : new Shape(batch, positions, 1);
		Shape full = activation.getShape();
		NDArray mask = activation.getManager().create(keep, maskShape).broadcast(full);
		NDArray cleanRows = cleanActivation.broadcast(full);
		// An op's result belongs to its first operand's manager, here the clean run's,
		// which outlives this call: hand it to the call.
		cleanRows.attach(activation.getManager());
		return NDArrays.where(mask, activation, cleanRows);
	}

}
