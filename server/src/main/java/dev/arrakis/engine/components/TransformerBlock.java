package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Residual;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * One decoder block. Sequential: resid_mid = resid_pre + attn(ln1(resid_pre)); resid_post
 * = resid_mid + mlp(ln2(resid_mid)). Parallel (GPT-NeoX): resid_post = resid_pre +
 * attn(ln1(resid_pre)) + mlp(ln2(resid_pre)).
 */
public final class TransformerBlock {

	private final int layer;

	private final Residual residual;

	private final Normalization ln1;

	private final Normalization ln2;

	private final Attention attn;

	private final FeedForward mlp;

	private final HookName residPre;

	private final HookName attnOut;

	private final HookName residMid;

	private final HookName mlpOut;

	private final HookName residPost;

	TransformerBlock(HookedAutoConfig config, StateDict weights, int layer) {
		this.layer = layer;
		this.residual = config.residual();
		String prefix = "blocks." + layer + ".";
		this.ln1 = Normalization.create(config, weights, prefix + "ln1", HookName.of(HookPoint.LN1_SCALE, layer),
				HookName.of(HookPoint.LN1_NORMALIZED, layer));
		this.ln2 = Normalization.create(config, weights, prefix + "ln2", HookName.of(HookPoint.LN2_SCALE, layer),
				HookName.of(HookPoint.LN2_NORMALIZED, layer));
		this.attn = new Attention(config, weights, layer);
		this.mlp = FeedForward.create(config, weights, layer);
		this.residPre = HookName.of(HookPoint.RESID_PRE, layer);
		this.attnOut = HookName.of(HookPoint.ATTN_OUT, layer);
		this.residMid = HookName.of(HookPoint.RESID_MID, layer);
		this.mlpOut = HookName.of(HookPoint.MLP_OUT, layer);
		this.residPost = HookName.of(HookPoint.RESID_POST, layer);
	}

	public Attention attn() {
		return this.attn;
	}

	/** A copy of {@code ln1.*}, {@code ln2.*}, {@code attn.*} or {@code mlp.*}. */
	NDArray canonical(String component, String leaf, NDManager into) {
		return switch (component) {
			case "ln1" -> this.ln1.canonical(leaf, into);
			case "ln2" -> this.ln2.canonical(leaf, into);
			case "attn" -> this.attn.canonical(leaf, into);
			case "mlp" -> this.mlp.canonical(leaf, into);
			default -> throw new IllegalArgumentException("a block has ln1, ln2, attn and mlp, not " + component);
		};
	}

	/**
	 * @param input the residual stream [batch, pos, d_model]
	 * @return the residual stream after this block
	 */
	NDArray forward(NDArray input, ForwardContext ctx) {
		NDArray pre = ctx.hook(this.residPre, input);
		NDArray attnOutput = ctx.hook(this.attnOut, this.attn.forward(this.ln1.forward(pre, ctx), this.layer, ctx));
		NDArray mlpInput = switch (this.residual) {
			case SEQUENTIAL -> ctx.hook(this.residMid, pre.add(attnOutput));
			case PARALLEL -> pre;
		};
		NDArray mlpOutput = ctx.hook(this.mlpOut, this.mlp.forward(this.ln2.forward(mlpInput, ctx), ctx));
		NDArray post = switch (this.residual) {
			case SEQUENTIAL -> mlpInput.add(mlpOutput);
			case PARALLEL -> pre.add(attnOutput).add(mlpOutput);
		};
		return ctx.hook(this.residPost, post);
	}

}
