package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.weights.StateDict;

/**
 * LayerNorm: scale = sqrt(mean((x - mean x)^2) + eps); normalized = (x - mean x) / scale
 * * w + b.
 */
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
		if (ctx.replaces(this.scaleHook)) {
			// A caller's function may change the scale: normalise with whatever it
			// returns.
			NDArray centered = x.sub(x.mean(new int[] { -1 }, true));
			NDArray scale = ctx.hook(this.scaleHook, scale(centered));
			return ctx.hook(this.normalizedHook, centered.div(scale).mul(this.w).add(this.b));
		}
		if (ctx.wants(this.scaleHook)) {
			// Only read: computed for the cache, while the output keeps the fused kernel,
			// so caching changes nothing.
			ctx.hook(this.scaleHook, scale(x.sub(x.mean(new int[] { -1 }, true))));
		}
		// torch.nn.functional.layer_norm, one fused pass, as Hugging Face runs it.
		NDArray normalized = x.getNDArrayInternal()
			.layerNorm(x, this.w.getShape(), this.w, this.b, this.eps)
			.singletonOrThrow();
		return ctx.hook(this.normalizedHook, normalized);
	}

	private NDArray scale(NDArray centered) {
		return centered.square().mean(new int[] { -1 }, true).add(this.eps).sqrt();
	}

	@Override
	public NDArray w() {
		return this.w;
	}

	@Override
	public NDArray canonical(String leaf, NDManager into) {
		return switch (leaf) {
			case "w" -> Ops.copy(this.w, into);
			case "b" -> Ops.copy(this.b, into);
			default -> throw new IllegalArgumentException("a LayerNorm has w and b, not " + leaf);
		};
	}

}
