package dev.arrakis.tools.sparsity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.MlpKind;

/**
 * Magnitude pruning of the MLP matrices through keep-masks (1 = kept, 0 = pruned). The
 * masks are applied to a derived copy of the model; the model itself is never changed, so
 * dropping the copy restores it. Exactly round(fraction * n) weights of each ranked group
 * are pruned, smallest |w| first (ties broken arbitrarily), so the achieved sparsity is
 * within 1/(2n) of the fraction.
 */
final class MagnitudePruner {

	private final HookedAutoModel model;

	MagnitudePruner(HookedAutoModel model) {
		this.model = model;
	}

	/**
	 * The MLP matrices pruning applies to: each block's W_in, W_gate (gated MLPs) and
	 * W_out.
	 */
	static List<String> matrices(HookedAutoConfig config) {
		List<String> names = new ArrayList<>();
		for (int layer = 0; layer < config.nLayers(); layer++) {
			String prefix = "blocks." + layer + ".mlp.";
			names.add(prefix + "W_in");
			if (config.mlp() == MlpKind.GATED) {
				names.add(prefix + "W_gate");
			}
			names.add(prefix + "W_out");
		}
		return names;
	}

	/**
	 * Keep-masks (float32, shaped like their matrix, owned by {@code manager}) that prune
	 * {@code fraction} of the weights of each group {@code scope} ranks together.
	 */
	Map<String, NDArray> keepMasks(double fraction, PruningScope scope, NDManager manager) {
		List<String> names = matrices(this.model.config());
		Map<String, NDArray> masks = new LinkedHashMap<>();
		if (scope == PruningScope.PER_LAYER) {
			for (String name : names) {
				masks.putAll(keepMasks(List.of(name), fraction, manager));
			}
		}
		else {
			masks.putAll(keepMasks(names, fraction, manager));
		}
		return masks;
	}

	/** One mask per name, pruning the smallest fraction of all their weights together. */
	private Map<String, NDArray> keepMasks(List<String> names, double fraction, NDManager manager) {
		List<NDArray> weights = names.stream().map(name -> this.model.weight(name, manager)).toList();
		NDArray magnitudes = NDArrays.concat(new NDList(weights.stream()
			.map(weight -> weight.toType(DataType.FLOAT32, false).abs().flatten())
			.toArray(NDArray[]::new)), 0);
		long size = magnitudes.getShape().get(0);
		long pruned = Math.round(fraction * size);
		// The rank of each weight by magnitude: argsort of the sorting permutation.
		NDArray ranks = magnitudes.argSort(0, true).argSort(0, true);
		NDArray keep = ranks.gte(pruned).toType(DataType.FLOAT32, false);
		long[] boundaries = new long[names.size() - 1];
		long offset = 0;
		for (int i = 0; i < boundaries.length; i++) {
			offset += weights.get(i).getShape().size();
			boundaries[i] = offset;
		}
		NDList parts = boundaries.length == 0 ? new NDList(keep) : keep.split(boundaries, 0);
		Map<String, NDArray> masks = new LinkedHashMap<>();
		IntStream.range(0, names.size())
			.forEach(i -> masks.put(names.get(i), parts.get(i).reshape(weights.get(i).getShape())));
		return masks;
	}

	/**
	 * A derived copy of the model whose masked matrices are {@code W * mask}; every other
	 * weight is copied unchanged. Close it when done.
	 */
	HookedAutoModel prunedCopy(Map<String, NDArray> masks) {
		HookedAutoConfig config = this.model.config();
		List<Integer> allLayers = IntStream.range(0, config.nLayers()).boxed().toList();
		return this.model.derive(this.model.name() + "-pruned", config.withLayers(allLayers), (name, into) -> {
			NDArray weight = this.model.weight(name, into);
			NDArray keep = masks.get(name);
			return keep == null ? weight : weight.mul(keep.toType(weight.getDataType(), false));
		});
	}

	/** How many weights of {@code weight * keep} are zero. */
	static long zeros(NDArray weight, NDArray keep) {
		return weight.toType(DataType.FLOAT32, false).mul(keep).eq(0).toType(DataType.INT64, false).sum().getLong();
	}

}
