package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.weights.StateDict;

/** LayerNorm: scale = sqrt(mean((x - mean x)^2) + eps); normalized = (x - mean x) / scale * w + b. */
final class LayerNorm implements Normalization {

	private final NDArray w;

	private final NDArray b;

	private final float eps;

	private final HookName scaleHook;

	private final HookName normalizedHook;

	LayerNorm(StateDict weights, String prefix, float eps, HookName scaleHook, HookName normalizedHook) {
		this.w = weights.keep(weights.get(prefix + ".w"));
		this.b = weights.keep(weights.get(prefix + ".b"));
		this.eps = eps;
		this.scaleHook = scaleHook;
		this.normalizedHook = normalizedHook;
	}

	@Override
	public NDArray forward(NDArray x, ForwardContext ctx) {
		NDArray centered = x.sub(x.mean(new int[] { -1 }, true));
		NDArray scale = ctx.hook(this.scaleHook, centered.square().mean(new int[] { -1 }, true).add(this.eps).sqrt());
		return ctx.hook(this.normalizedHook, centered.div(scale).mul(this.w).add(this.b));
	}

	@Override
	public NDArray w() {
		return this.w;
	}

}
