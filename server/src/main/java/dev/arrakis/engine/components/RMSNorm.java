package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.weights.StateDict;

/**
 * RMSNorm: scale = sqrt(mean(x^2) + eps); normalized = x / scale * w, computed in float32
 * and cast back before the gain, as Hugging Face's LlamaRMSNorm does. Gemma's (1 + w)
 * arrives already folded into w.
 */
final class RMSNorm implements Normalization {

	private final NDArray w;

	private final float eps;

	private final HookName scaleHook;

	private final HookName normalizedHook;

	RMSNorm(StateDict weights, String prefix, float eps, HookName scaleHook, HookName normalizedHook) {
		this.w = weights.keep(weights.get(prefix + ".w"));
		this.eps = eps;
		this.scaleHook = scaleHook;
		this.normalizedHook = normalizedHook;
	}

	@Override
	public NDArray forward(NDArray x, ForwardContext ctx) {
		NDArray wide = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
		NDArray scale = ctx.hook(this.scaleHook, wide.square().mean(new int[] { -1 }, true).add(this.eps).sqrt());
		NDArray normalized = wide.div(scale);
		if (normalized.getDataType() != x.getDataType()) {
			normalized = normalized.toType(x.getDataType(), false);
		}
		return ctx.hook(this.normalizedHook, normalized.mul(this.w));
	}

	@Override
	public NDArray w() {
		return this.w;
	}

	@Override
	public NDArray canonical(String leaf, NDManager into) {
		if (!leaf.equals("w")) {
			throw new IllegalArgumentException("an RMSNorm has only w, not " + leaf);
		}
		return Ops.copy(this.w, into);
	}

}
