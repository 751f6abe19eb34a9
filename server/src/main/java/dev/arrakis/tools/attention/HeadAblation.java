package dev.arrakis.tools.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Metric;

/**
 * Ablates heads through hooks on {@code hook_z}: the model's weights are never touched.
 * The replacement keeps every other head's z bit for bit (it is multiplied by one and
 * added to zero).
 */
final class HeadAblation {

	private final HookedAutoModel model;

	HeadAblation(HookedAutoModel model) {
		this.model = model;
	}

	/**
	 * The metric on {@code tokens} with {@code heads} ablated, averaged over the
	 * reference sequences for {@link Ablation#RESAMPLE}.
	 */
	double ablated(long[] tokens, List<Head> heads, Ablation kind, List<long[]> reference, Metric metric) {
		Map<Integer, List<Integer>> byLayer = byLayer(heads);
		return switch (kind) {
			case ZERO -> run(new long[][] { tokens }, tokens, metric, byLayer, layer -> null);
			case MEAN -> {
				Map<Integer, float[][]> means = means(reference, byLayer);
				yield run(new long[][] { tokens }, tokens, metric, byLayer, layer -> host(means.get(layer), 1, 1));
			}
			case RESAMPLE -> {
				long[][] copies = new long[reference.size()][];
				Arrays.fill(copies, tokens);
				Map<Integer, HostTensor> referenceZ = referenceZ(reference, byLayer.keySet());
				yield run(copies, tokens, metric, byLayer, referenceZ::get);
			}
		};
	}

	/** The metric on the unchanged model. */
	double clean(long[] tokens, Metric metric) {
		try (RunResult run = this.model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return metric.evaluate(run.output(), 0, tokens);
		}
	}

	private interface Replacement {

		/**
		 * The z that replaces the ablated heads' at {@code layer}, [batch or 1, pos or 1,
		 * H, d_head]; null for zeros.
		 */
		@Nullable HostTensor at(int layer);

	}

	private double run(long[][] rows, long[] tokens, Metric metric, Map<Integer, List<Integer>> byLayer,
			Replacement replacement) {
		Hooks hooks = Hooks.none();
		for (Map.Entry<Integer, List<Integer>> entry : byLayer.entrySet()) {
			int layer = entry.getKey();
			List<Integer> ablatedHeads = entry.getValue();
			HostTensor value = replacement.at(layer);
			hooks = hooks.with(HookName.of(HookPoint.Z, layer), (z, name) -> replace(z, ablatedHeads, value));
		}
		try (RunResult run = this.model.runWithHooks(ModelInput.of(rows), hooks)) {
			double sum = 0;
			for (int row = 0; row < rows.length; row++) {
				sum += metric.evaluate(run.output(), row, tokens);
			}
			return sum / rows.length;
		}
	}

	/**
	 * z * keep + replacement * (1 - keep), where keep is 0 on the ablated heads and 1
	 * elsewhere.
	 */
	private static NDArray replace(NDArray z, List<Integer> ablatedHeads, @Nullable HostTensor replacement) {
		Shape shape = z.getShape();
		int heads = (int) shape.get(2);
		float[] keep = new float[heads];
		Arrays.fill(keep, 1f);
		ablatedHeads.forEach(head -> keep[head] = 0f);
		NDArray keepMask = z.getManager().create(keep, new Shape(1, 1, heads, 1)).toType(z.getDataType(), false);
		NDArray kept = z.mul(keepMask);
		if (replacement == null) {
			return kept;
		}
		NDArray substitute = z.getManager()
			.create(replacement.data(), new Shape(replacement.shape()))
			.toType(z.getDataType(), false)
			.mul(keepMask.neg().add(1));
		return kept.add(substitute);
	}

	/**
	 * Per layer, [H][d_head] means of z over every position of every reference sequence
	 * (zero for heads not ablated).
	 */
	private Map<Integer, float[][]> means(List<long[]> reference, Map<Integer, List<Integer>> byLayer) {
		int heads = this.model.config().nHeads();
		int dHead = this.model.config().dHead();
		Map<Integer, double[][]> sums = new TreeMap<>();
		byLayer.keySet().forEach(layer -> sums.put(layer, new double[heads][dHead]));
		long count = 0;
		for (long[] sequence : reference) {
			Map<Integer, HostTensor> zs = referenceZ(List.of(sequence), byLayer.keySet());
			for (Map.Entry<Integer, double[][]> entry : sums.entrySet()) {
				HostTensor z = zs.get(entry.getKey());
				for (int position = 0; position < sequence.length; position++) {
					for (int head : byLayer.get(entry.getKey())) {
						for (int d = 0; d < dHead; d++) {
							entry.getValue()[head][d] += z.get(0, position, head, d);
						}
					}
				}
			}
			count += sequence.length;
		}
		Map<Integer, float[][]> means = new TreeMap<>();
		for (Map.Entry<Integer, double[][]> entry : sums.entrySet()) {
			float[][] mean = new float[heads][dHead];
			for (int head = 0; head < heads; head++) {
				for (int d = 0; d < dHead; d++) {
					mean[head][d] = (float) (entry.getValue()[head][d] / count);
				}
			}
			means.put(entry.getKey(), mean);
		}
		return means;
	}

	/** hook_z of the given layers on a batch of equally long sequences. */
	private Map<Integer, HostTensor> referenceZ(List<long[]> sequences, Set<Integer> layers) {
		Map<Integer, HostTensor> zs = new TreeMap<>();
		HookFilter filter = HookFilter.of(name -> name.point() == HookPoint.Z && layers.contains(name.layer()));
		try (RunResult run = this.model.runWithCache(ModelInput.of(sequences.toArray(long[][]::new)), filter, null)) {
			for (int layer : layers) {
				zs.put(layer, run.cache().toHost(HookName.of(HookPoint.Z, layer), Narrowing.ALL));
			}
		}
		return zs;
	}

	private static HostTensor host(float[][] perHead, int batch, int positions) {
		int heads = perHead.length;
		int dHead = perHead[0].length;
		float[] data = new float[heads * dHead];
		for (int head = 0; head < heads; head++) {
			System.arraycopy(perHead[head], 0, data, head * dHead, dHead);
		}
		return new HostTensor(new long[] { batch, positions, heads, dHead }, data);
	}

	private static Map<Integer, List<Integer>> byLayer(List<Head> heads) {
		Map<Integer, List<Integer>> byLayer = new TreeMap<>();
		for (Head head : heads) {
			byLayer.computeIfAbsent(head.layer(), layer -> new ArrayList<>()).add(head.head());
		}
		return byLayer;
	}

}
