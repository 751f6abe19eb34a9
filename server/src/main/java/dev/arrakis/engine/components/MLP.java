package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/** pre = x W_in + b_in; post = act(pre); out = post W_out + b_out. */
final class MLP implements FeedForward {

	private final Activation activation;

	private final NDArray wIn;

	private final NDArray bIn;

	private final NDArray wOut;

	private final NDArray bOut;

	private final HookName pre;

	private final HookName post;

	MLP(HookedAutoConfig config, StateDict weights, int layer) {
		String prefix = "blocks." + layer + ".mlp.";
		this.activation = config.activation();
		this.wIn = weights.keep(weights.get(prefix + "W_in"));
		this.bIn = weights.keep(weights.get(prefix + "b_in"));
		this.wOut = weights.keep(weights.get(prefix + "W_out"));
		this.bOut = weights.keep(weights.get(prefix + "b_out"));
		this.pre = HookName.of(HookPoint.MLP_PRE, layer);
		this.post = HookName.of(HookPoint.MLP_POST, layer);
	}

	@Override
	public NDArray forward(NDArray x, ForwardContext ctx) {
		NDArray preActivation = ctx.hook(this.pre, Ops.linear(x, this.wIn, this.bIn));
		NDArray neurons = ctx.hook(this.post, this.activation.apply(preActivation));
		return Ops.linear(neurons, this.wOut, this.bOut);
	}

	@Override
	public NDArray canonical(String leaf, NDManager into) {
		return switch (leaf) {
			case "W_in" -> Ops.copy(this.wIn, into);
			case "b_in" -> Ops.copy(this.bIn, into);
			case "W_out" -> Ops.copy(this.wOut, into);
			case "b_out" -> Ops.copy(this.bOut, into);
			default -> throw new IllegalArgumentException("an MLP has W_in, b_in, W_out and b_out, not " + leaf);
		};
	}

}
