package dev.arrakis.tools.causal;

import dev.arrakis.engine.hooks.HookPoint;

/**
 * What activation patching patches, one index at a time.
 */
public enum PatchTarget {

	/** The residual stream entering a block (hook_resid_pre), per layer and position. */
	RESID_PRE(HookPoint.RESID_PRE, false, true),

	/** A layer's attention output (hook_attn_out), per layer and position. */
	ATTN_OUT(HookPoint.ATTN_OUT, false, true),

	/** A layer's MLP output (hook_mlp_out), per layer and position. */
	MLP_OUT(HookPoint.MLP_OUT, false, true),

	/** One head's z (hook_z) at every position at once, per layer and head. */
	HEAD_Z(HookPoint.Z, true, false),

	/** One head's z (hook_z) at one position, per layer, head and position. */
	HEAD_Z_BY_POSITION(HookPoint.Z, true, true);

	private final HookPoint hookPoint;

	private final boolean perHead;

	private final boolean perPosition;

	PatchTarget(HookPoint hookPoint, boolean perHead, boolean perPosition) {
		this.hookPoint = hookPoint;
		this.perHead = perHead;
		this.perPosition = perPosition;
	}

	/** The hook point whose activation is patched. */
	public HookPoint hookPoint() {
		return this.hookPoint;
	}

	/** Whether each head is patched on its own (else the whole activation). */
	public boolean perHead() {
		return this.perHead;
	}

	/** Whether each position is patched on its own (else every position at once). */
	public boolean perPosition() {
		return this.perPosition;
	}

	/** The TransformerLens-style name of the patched component, e.g. {@code attn_out}. */
	public String component() {
		return switch (this) {
			case RESID_PRE -> "resid_pre";
			case ATTN_OUT -> "attn_out";
			case MLP_OUT -> "mlp_out";
			case HEAD_Z, HEAD_Z_BY_POSITION -> "z";
		};
	}

}
