package dev.arrakis.tools.attention;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Merges two heads of one layer through hooks, as if their weights had been blended on
 * d_head slices: W_X[h1] = alpha W_X[h1] + (1 - alpha) W_X[h2] for X in Q, K, V, O (and
 * the Q, K, V biases), then h2 zeroed. Because q, k and v are linear in their weights
 * (and rotary is the same rotation for every head), the merged head's q is alpha q1 + (1
 * - alpha) q2, likewise k and v; its pattern is recomputed from them and its output z'
 * W_O' is written by setting z[h1] = alpha z' and z[h2] = (1 - alpha) z'. The model's
 * weights are never touched; grouped key/value heads are read per head, so heads of
 * different groups merge correctly.
 */
final class HeadMerge {

	private final HookedAutoConfig config;

	private final int layer;

	private final int head1;

	private final int head2;

	private final double alpha;

	HeadMerge(HookedAutoModel model, int layer, int head1, int head2, double alpha) {
		this.config = model.config();
		this.layer = layer;
		this.head1 = head1;
		this.head2 = head2;
		this.alpha = alpha;
	}

	/** Hooks for one call (they keep that call's q, k and v until its hook_z). */
	Hooks hooks() {
		Map<HookPoint, NDArray> seen = new HashMap<>();
		boolean rotary = this.config.positional() instanceof Positional.Rotary;
		HookPoint query = rotary ? HookPoint.ROT_Q : HookPoint.ATTN_Q;
		HookPoint key = rotary ? HookPoint.ROT_K : HookPoint.ATTN_K;
		Hooks hooks = Hooks.none();
		for (HookPoint point : new HookPoint[] { query, key, HookPoint.ATTN_V }) {
			hooks = hooks.with(HookName.of(point, this.layer), (activation, name) -> {
				seen.put(point, activation);
				return activation;
			});
		}
		return hooks.with(HookName.of(HookPoint.Z, this.layer),
				(z, name) -> merged(z, seen.get(query), seen.get(key), seen.get(HookPoint.ATTN_V)));
	}

	private NDArray merged(NDArray z, NDArray q, NDArray k, NDArray v) {
		int group = this.config.groupSize();
		NDArray mixedQuery = mix(q, this.head1, this.head2);
		NDArray mixedKey = mix(k, this.head1 / group, this.head2 / group);
		NDArray mixedValue = mix(v, this.head1 / group, this.head2 / group);
		// [batch, pos, d_head] -> scores [batch, query, key]
		NDArray scores = mixedQuery.batchMatMul(mixedKey.transpose(0, 2, 1))
			.mul((float) this.config.attentionScale())
			.add(mask(z.getManager(), (int) z.getShape().get(1)));
		NDArray mergedZ = scores.softmax(-1).batchMatMul(mixedValue); // [batch, pos,
																		// d_head]
		int heads = this.config.nHeads();
		float[] keep = new float[heads];
		Arrays.fill(keep, 1f);
		keep[this.head1] = 0f;
		keep[this.head2] = 0f;
		float[] share = new float[heads];
		share[this.head1] = (float) this.alpha;
		share[this.head2] = (float) (1 - this.alpha);
		NDManager manager = z.getManager();
		NDArray kept = z.toType(DataType.FLOAT32, false).mul(manager.create(keep, new Shape(1, 1, heads, 1)));
		return kept.add(mergedZ.expandDims(2).mul(manager.create(share, new Shape(1, 1, heads, 1))));
	}

	/** alpha x[:, :, a] + (1 - alpha) x[:, :, b] in float32, [batch, pos, d_head]. */
	private NDArray mix(NDArray x, int a, int b) {
		NDArray wide = x.toType(DataType.FLOAT32, false);
		return wide.get(new NDIndex(":, :, {}", a))
			.mul((float) this.alpha)
			.add(wide.get(new NDIndex(":, :, {}", b)).mul((float) (1 - this.alpha)));
	}

	/** The layer's additive mask for one unpadded sequence, [1, pos, pos]. */
	private NDArray mask(NDManager manager, int length) {
		AttentionType type = this.config.attentionType(this.layer);
		float[] values = new float[length * length];
		for (int query = 0; query < length; query++) {
			for (int key = 0; key < length; key++) {
				values[query * length + key] = type.sees(query, key) ? 0f : -Float.MAX_VALUE;
			}
		}
		return manager.create(values, new Shape(1, length, length));
	}

}
