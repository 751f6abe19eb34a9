package dev.arrakis.engine.hooks;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every hook point: its TransformerLens name (relative to {@code blocks.L.} for block
 * points), the dimensions of the tensor it sees, and what that tensor is.
 */
public enum HookPoint {

	EMBED("hook_embed", false, "batch pos d_model", "token embedding W_E[tokens]"),
	POS_EMBED("hook_pos_embed", false, "batch pos d_model", "learned positional embedding W_pos[positions]"),
	RESID_PRE("hook_resid_pre", true, "batch pos d_model", "residual stream into the block"),
	LN1_SCALE("ln1.hook_scale", true, "batch pos 1",
			"ln1 divisor: sqrt(var + eps) (LayerNorm) or sqrt(mean(x^2) + eps) (RMSNorm)"),
	LN1_NORMALIZED("ln1.hook_normalized", true, "batch pos d_model",
			"ln1 output after gain and bias: the attention's input"),
	ATTN_Q("attn.hook_q", true, "batch pos n_heads d_head", "queries, before rotary"),
	ATTN_K("attn.hook_k", true, "batch pos n_key_value_heads d_head", "keys, before rotary (one per key/value head)"),
	ATTN_V("attn.hook_v", true, "batch pos n_key_value_heads d_head", "values (one per key/value head)"),
	ROT_Q("attn.hook_rot_q", true, "batch pos n_heads d_head", "queries after rotary embedding"),
	ROT_K("attn.hook_rot_k", true, "batch pos n_key_value_heads d_head", "keys after rotary embedding"),
	ATTN_SCORES("attn.hook_attn_scores", true, "batch n_heads query_pos key_pos",
			"scaled q.k before softmax; masked entries hold the float minimum"),
	PATTERN("attn.hook_pattern", true, "batch n_heads query_pos key_pos", "attention probabilities; rows sum to 1"),
	Z("attn.hook_z", true, "batch pos n_heads d_head", "pattern-weighted values, before W_O"),
	RESULT("attn.hook_result", true, "batch pos n_heads d_model",
			"each head's write to the residual stream, z W_O per head (computed only when asked for)"),
	ATTN_OUT("hook_attn_out", true, "batch pos d_model", "attention output: sum of head results plus b_O"),
	RESID_MID("hook_resid_mid", true, "batch pos d_model", "resid_pre + attn_out (sequential blocks only)"),
	LN2_SCALE("ln2.hook_scale", true, "batch pos 1", "ln2 divisor"),
	LN2_NORMALIZED("ln2.hook_normalized", true, "batch pos d_model", "ln2 output after gain and bias: the MLP's input"),
	MLP_PRE("mlp.hook_pre", true, "batch pos d_mlp", "MLP pre-activation; for gated MLPs the gate branch x W_gate"),
	MLP_PRE_LINEAR("mlp.hook_pre_linear", true, "batch pos d_mlp", "gated MLPs only: the linear branch x W_in"),
	MLP_POST("mlp.hook_post", true, "batch pos d_mlp", "MLP neurons after the activation (gated: act(gate) * linear)"),
	MLP_OUT("hook_mlp_out", true, "batch pos d_model", "MLP output written to the residual stream"),
	RESID_POST("hook_resid_post", true, "batch pos d_model", "residual stream out of the block"),
	LN_FINAL_SCALE("ln_final.hook_scale", false, "batch pos 1", "final norm divisor"),
	LN_FINAL_NORMALIZED("ln_final.hook_normalized", false, "batch pos d_model",
			"final norm output: the unembedding's input"),
	LOGITS("logits", false, "batch pos d_vocab", "unembedded logits");

	private final String suffix;

	private final boolean perBlock;

	private final String dims;

	private final String meaning;

	HookPoint(String suffix, boolean perBlock, String dims, String meaning) {
		this.suffix = suffix;
		this.perBlock = perBlock;
		this.dims = dims;
		this.meaning = meaning;
	}

	/** The name without the {@code blocks.L.} prefix, e.g. {@code attn.hook_pattern}. */
	public String suffix() {
		return this.suffix;
	}

	public boolean perBlock() {
		return this.perBlock;
	}

	/**
	 * Space-separated TransformerLens dimension names, e.g. {@code batch pos d_model}.
	 */
	public String dims() {
		return this.dims;
	}

	public String meaning() {
		return this.meaning;
	}

	static Optional<HookPoint> bySuffix(String suffix, boolean perBlock) {
		return Arrays.stream(values()).filter(p -> p.perBlock == perBlock && p.suffix.equals(suffix)).findFirst();
	}

}
