package dev.arrakis.tools.superposition;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * A hook's activations over a dataset as a [rows, width] matrix on the Java heap: one row
 * per position of every sequence, in order; dimensions after {@code pos} are flattened
 * (e.g. [n_heads, d_head] of {@code hook_z} becomes n_heads * d_head).
 */
final class HookActivations {

	private final float[] data;

	private final int rows;

	private final int width;

	private final int[] lengths;

	private HookActivations(float[] data, int rows, int width, int[] lengths) {
		this.data = data;
		this.rows = rows;
		this.width = width;
		this.lengths = lengths;
	}

	/**
	 * Parses {@code text} against the model's hooks and checks that the hook has one
	 * vector per position (its dimensions start with {@code batch pos}).
	 */
	static HookName resolve(HookedAutoModel model, String text) {
		HookName hook = HookName.parse(text, model.hookNames());
		if (!hook.point().dims().startsWith("batch pos")) {
			String needs = "this method needs a hook with one vector per position (dimensions starting 'batch pos'), "
					+ "e.g. blocks.0.hook_resid_post or blocks.0.mlp.hook_post";
			throw new IllegalArgumentException(
					"hookName = %s is indexed [%s]; %s".formatted(hook, hook.point().dims().replace(' ', ','), needs));
		}
		return hook;
	}

	/** The activations at {@code hook} on every sequence of {@code dataset}. */
	static HookActivations collect(HookedAutoModel model, HookName hook, List<long[]> dataset) {
		Integer stop = hook.point().perBlock() ? hook.layer() + 1 : null;
		List<float[]> parts = new ArrayList<>();
		int[] lengths = new int[dataset.size()];
		int width = 0;
		int rows = 0;
		for (int i = 0; i < dataset.size(); i++) {
			try (RunResult run = model.runWithCache(ModelInput.of(dataset.get(i)), HookFilter.of(hook::equals), stop)) {
				HostTensor activation = run.cache().toHost(hook, Narrowing.ALL);
				lengths[i] = (int) activation.shape()[1];
				width = activation.data().length / lengths[i];
				rows += lengths[i];
				parts.add(activation.data());
			}
		}
		float[] data = new float[Math.multiplyExact(rows, width)];
		int offset = 0;
		for (float[] part : parts) {
			System.arraycopy(part, 0, data, offset, part.length);
			offset += part.length;
		}
		return new HookActivations(data, rows, width, lengths);
	}

	/** The activation at one position of one sequence, [width]. */
	static float[] at(HookedAutoModel model, HookName hook, long[] tokens, int position) {
		HookActivations one = collect(model, hook, List.of(tokens));
		float[] row = new float[one.width];
		System.arraycopy(one.data, position * one.width, row, 0, one.width);
		return row;
	}

	int rows() {
		return this.rows;
	}

	int width() {
		return this.width;
	}

	/** How many rows each sequence contributed, in order. */
	int[] lengths() {
		return this.lengths.clone();
	}

	/** Rows {@code from} .. {@code to} - 1 as a [to - from, width] float32 array. */
	NDArray rows(NDManager manager, int from, int to) {
		float[] slice = new float[(to - from) * this.width];
		System.arraycopy(this.data, from * this.width, slice, 0, slice.length);
		return manager.create(slice, new Shape(to - from, this.width));
	}

	/**
	 * Rows indices[from] .. indices[to - 1], in that order, as a [to - from, width]
	 * float32 array.
	 */
	NDArray rows(NDManager manager, int[] indices, int from, int to) {
		float[] gathered = new float[(to - from) * this.width];
		for (int i = from; i < to; i++) {
			System.arraycopy(this.data, indices[i] * this.width, gathered, (i - from) * this.width, this.width);
		}
		return manager.create(gathered, new Shape(to - from, this.width));
	}

	/** The mean row, in doubles. */
	double[] mean() {
		double[] mean = new double[this.width];
		for (int row = 0; row < this.rows; row++) {
			for (int d = 0; d < this.width; d++) {
				mean[d] += this.data[row * this.width + d];
			}
		}
		for (int d = 0; d < this.width; d++) {
			mean[d] /= this.rows;
		}
		return mean;
	}

	/** The sum over rows of the squared distance to the mean row. */
	double totalSquaredDeviation() {
		double[] mean = mean();
		double sum = 0;
		for (int row = 0; row < this.rows; row++) {
			for (int d = 0; d < this.width; d++) {
				double deviation = this.data[row * this.width + d] - mean[d];
				sum += deviation * deviation;
			}
		}
		return sum;
	}

}
