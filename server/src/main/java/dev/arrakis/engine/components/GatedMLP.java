package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * Gated MLP (SwiGLU, GeGLU): pre = x W_gate; pre_linear = x W_in + b_in; post = act(pre)
 * * pre_linear; out = post W_out + b_out. Both branches come from one product with
 * [W_gate | W_in].
 */
final class GatedMLP implements FeedForward {

	private final Activation activation;

	private final int dMlp;

	private final NDArray wGateIn;

	private final NDArray bIn;

	private final NDArray wOut;

	private final NDArray bOut;

	private final HookName pre;

	private final HookName preLinear;

	private final HookName post;

	GatedMLP(HookedAutoConfig config, StateDict weights, int layer) {
		String prefix = "blocks." + layer + ".mlp.";
		this.activation = config.activation();
		this.dMlp = config.dMlp();
		this.wGateIn = weights
			.keep(NDArrays.concat(new NDList(weights.get(prefix + "W_gate"), weights.get(prefix + "W_in")), 1));
		this.bIn = weights.keep(weights.get(prefix + "b_in"));
		this.wOut = weights.keep(weights.get(prefix + "W_out"));
		this.bOut = weights.keep(weights.get(prefix + "b_out"));
		this.pre = HookName.of(HookPoint.MLP_PRE, layer);
		this.preLinear = HookName.of(HookPoint.MLP_PRE_LINEAR, layer);
		this.post = HookName.of(HookPoint.MLP_POST, layer);
	}

	@Override
	public NDArray forward(NDArray x, ForwardContext ctx) {
		NDArray both = x.matMul(this.wGateIn);
		NDArray gate = ctx.hook(this.pre, both.get(new NDIndex("..., :{}", this.dMlp)));
		NDArray linear = ctx.hook(this.preLinear, both.get(new NDIndex("..., {}:", this.dMlp)).add(this.bIn));
		NDArray neurons = ctx.hook(this.post, this.activation.apply(gate).muli(linear));
		return Ops.linear(neurons, this.wOut, this.bOut);
	}

	@Override
	public NDArray canonical(String leaf, NDManager into) {
		return switch (leaf) {
			case "W_gate" -> Ops.copy(this.wGateIn, into).get(new NDIndex("..., :{}", this.dMlp));
			case "W_in" -> Ops.copy(this.wGateIn, into).get(new NDIndex("..., {}:", this.dMlp));
			case "b_in" -> Ops.copy(this.bIn, into);
			case "W_out" -> Ops.copy(this.wOut, into);
			case "b_out" -> Ops.copy(this.bOut, into);
			default ->
				throw new IllegalArgumentException("a gated MLP has W_gate, W_in, b_in, W_out and b_out, not " + leaf);
		};
	}

}
