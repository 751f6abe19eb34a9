package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.generation.KvCache;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * Multi-head attention with grouped key/value heads (MHA, GQA, MQA through
 * n_key_value_heads): q = x W_Q + b_Q, k = x W_K + b_K, v = x W_V + b_V per head;
 * optional rotary on q and k; pattern = softmax(scale q k^T + mask); z = pattern v; out =
 * sum_h z_h W_O[h] + b_O. Q, K and V are computed by one fused product with W_QKV = [W_Q
 * | W_K | W_V] laid out as [d_model, (H + 2 H_kv) d_head].
 */
public final class Attention {

	private final HookedAutoConfig config;

	private final AttentionType type;

	private final @Nullable RotaryEmbedding rotary;

	private final NDArray wQkv;

	private final NDArray bQkv;

	private final NDArray wO;

	private final NDArray wOPerHead;

	private final NDArray bO;

	private final HookName q;

	private final HookName k;

	private final HookName v;

	private final HookName rotQ;

	private final HookName rotK;

	private final HookName scores;

	private final HookName pattern;

	private final HookName z;

	private final HookName result;

	Attention(HookedAutoConfig config, StateDict weights, int layer) {
		this.config = config;
		this.type = config.attentionType(layer);
		this.rotary = config.positional() instanceof Positional.Rotary r ? new RotaryEmbedding(r) : null;
		String prefix = "blocks." + layer + ".attn.";
		int d = config.dModel();
		NDArray wQ = weights.get(prefix + "W_Q").transpose(1, 0, 2).reshape(d, -1);
		NDArray wK = weights.get(prefix + "W_K").transpose(1, 0, 2).reshape(d, -1);
		NDArray wV = weights.get(prefix + "W_V").transpose(1, 0, 2).reshape(d, -1);
		this.wQkv = weights.keep(NDArrays.concat(new NDList(wQ, wK, wV), 1));
		this.bQkv = weights.keep(NDArrays.concat(new NDList(weights.get(prefix + "b_Q").reshape(-1),
				weights.get(prefix + "b_K").reshape(-1), weights.get(prefix + "b_V").reshape(-1)), 0));
		this.wO = weights.keep(weights.get(prefix + "W_O").reshape(-1, d));
		this.wOPerHead = weights.keepView(this.wO.reshape(config.nHeads(), config.dHead(), d));
		this.bO = weights.keep(weights.get(prefix + "b_O"));
		this.q = HookName.of(HookPoint.ATTN_Q, layer);
		this.k = HookName.of(HookPoint.ATTN_K, layer);
		this.v = HookName.of(HookPoint.ATTN_V, layer);
		this.rotQ = HookName.of(HookPoint.ROT_Q, layer);
		this.rotK = HookName.of(HookPoint.ROT_K, layer);
		this.scores = HookName.of(HookPoint.ATTN_SCORES, layer);
		this.pattern = HookName.of(HookPoint.PATTERN, layer);
		this.z = HookName.of(HookPoint.Z, layer);
		this.result = HookName.of(HookPoint.RESULT, layer);
	}

	/** W_O in TransformerLens layout [n_heads, d_head, d_model] (a view, no copy). */
	public NDArray wO() {
		return this.wOPerHead;
	}

	/**
	 * A copy of one weight in TransformerLens layout, in {@code into}: W_Q [n_heads,
	 * d_model, d_head], W_K and W_V [n_kv_heads, d_model, d_head], W_O [n_heads, d_head,
	 * d_model], b_Q [n_heads, d_head], b_K and b_V [n_kv_heads, d_head], b_O [d_model].
	 */
	NDArray canonical(String leaf, NDManager into) {
		int d = this.config.dModel();
		int heads = this.config.nHeads();
		int kvHeads = this.config.nKeyValueHeads();
		int dHead = this.config.dHead();
		int qWidth = heads * dHead;
		int kvWidth = kvHeads * dHead;
		return switch (leaf) {
			case "W_Q" -> Ops.copy(this.wQkv, into)
				.get(new NDIndex(":, :{}", qWidth))
				.reshape(d, heads, dHead)
				.transpose(1, 0, 2);
			case "W_K" -> Ops.copy(this.wQkv, into)
				.get(new NDIndex(":, {}:{}", qWidth, qWidth + kvWidth))
				.reshape(d, kvHeads, dHead)
				.transpose(1, 0, 2);
			case "W_V" -> Ops.copy(this.wQkv, into)
				.get(new NDIndex(":, {}:", qWidth + kvWidth))
				.reshape(d, kvHeads, dHead)
				.transpose(1, 0, 2);
			case "b_Q" -> Ops.copy(this.bQkv, into).get(new NDIndex(":{}", qWidth)).reshape(heads, dHead);
			case "b_K" ->
				Ops.copy(this.bQkv, into).get(new NDIndex("{}:{}", qWidth, qWidth + kvWidth)).reshape(kvHeads, dHead);
			case "b_V" -> Ops.copy(this.bQkv, into).get(new NDIndex("{}:", qWidth + kvWidth)).reshape(kvHeads, dHead);
			case "W_O" -> Ops.copy(this.wOPerHead, into);
			case "b_O" -> Ops.copy(this.bO, into);
			default -> throw new IllegalArgumentException(
					"attention has W_Q, W_K, W_V, W_O, b_Q, b_K, b_V and b_O, not " + leaf);
		};
	}

	/**
	 * @param x the normalised residual [batch, pos, d_model]
	 * @param layer this block's index, for the KV cache
	 * @return [batch, pos, d_model]
	 */
	NDArray forward(NDArray x, int layer, ForwardContext ctx) {
		long batch = x.getShape().get(0);
		long length = x.getShape().get(1);
		int heads = this.config.nHeads();
		int kvHeads = this.config.nKeyValueHeads();
		int dHead = this.config.dHead();
		NDArray qkv = Ops.linear(x, this.wQkv, this.bQkv);
		NDArray query = ctx.hook(this.q,
				qkv.get(new NDIndex(":, :, :{}", heads * dHead)).reshape(batch, length, heads, dHead));
		NDArray key = ctx.hook(this.k, qkv.get(new NDIndex(":, :, {}:{}", heads * dHead, (heads + kvHeads) * dHead))
			.reshape(batch, length, kvHeads, dHead));
		NDArray value = ctx.hook(this.v,
				qkv.get(new NDIndex(":, :, {}:", (heads + kvHeads) * dHead)).reshape(batch, length, kvHeads, dHead));
		if (this.rotary != null) {
			query = ctx.hook(this.rotQ, this.rotary.apply(query, ctx.positions(), ctx));
			key = ctx.hook(this.rotK, this.rotary.apply(key, ctx.positions(), ctx));
		}
		NDArray keys = key.transpose(0, 2, 1, 3); // [batch, kv_head, key_pos, d_head]
		NDArray values = value.transpose(0, 2, 1, 3);
		KvCache kvCache = ctx.kvCache();
		if (kvCache != null) {
			NDArray[] all = kvCache.append(layer, keys, values);
			keys = all[0];
			values = all[1];
		}
		long keyLength = keys.getShape().get(2);
		int group = this.config.groupSize();
		// Query heads h = g * group + j share key/value head g: fold the group into the
		// query axis, no repeat needed.
		NDArray groupedQuery = query.transpose(0, 2, 1, 3).reshape(batch, kvHeads, group * length, dHead);
		// The product is a fresh array: scale it and add the mask in place instead of
		// allocating two more.
		NDArray rawScores = groupedQuery.matMul(keys.transpose(0, 1, 3, 2))
			.muli((float) this.config.attentionScale())
			.reshape(batch, heads, length, keyLength);
		NDArray wideScores = rawScores.getDataType() == DataType.FLOAT32 ? rawScores
				: rawScores.toType(DataType.FLOAT32, false);
		NDArray masked = ctx.hook(this.scores, wideScores.addi(ctx.attentionMask(this.type)));
		NDArray probabilities = ctx.hook(this.pattern, masked.softmax(-1));
		if (probabilities.getDataType() != values.getDataType()) {
			probabilities = probabilities.toType(values.getDataType(), false);
		}
		NDArray mixed = probabilities.reshape(batch, kvHeads, group * length, keyLength).matMul(values);
		NDArray zs = ctx.hook(this.z, mixed.reshape(batch, heads, length, dHead).transpose(0, 2, 1, 3));
		if (ctx.wants(this.result)) {
			NDArray perHead = zs.transpose(2, 0, 1, 3).reshape(heads, batch * length, dHead).matMul(this.wOPerHead);
			NDArray results = ctx.hook(this.result,
					perHead.reshape(heads, batch, length, this.config.dModel()).transpose(1, 2, 0, 3));
			if (ctx.replaces(this.result)) {
				return results.sum(new int[] { 2 }).add(this.bO);
			}
			// Only cached: the output keeps the fused product, so asking for hook_result
			// changes no other number.
		}
		return Ops.linear(zs.reshape(batch, length, heads * dHead), this.wO, this.bO);
	}

}
