package dev.arrakis.bench.profile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

/**
 * How a profile groups hook points into components. Every hook point belongs to exactly
 * one component, by its name.
 */
public enum Granularity {

	/**
	 * {@code embed} (token and position embeddings), {@code blocks.L} (every hook of
	 * block L), {@code unembed} (ln_final and the logits).
	 */
	LAYER {
		@Override
		String blockPart(HookPoint point) {
			return "";
		}

		@Override
		String finalNormComponent() {
			return UNEMBED;
		}
	},

	/**
	 * {@code embed}; per block {@code blocks.L.resid} (hook_resid_pre, hook_resid_mid,
	 * hook_resid_post: the residual additions), {@code blocks.L.ln1} (ln1.*),
	 * {@code blocks.L.attn} (attn.* and hook_attn_out, which holds W_O's product),
	 * {@code blocks.L.ln2} (ln2.*), {@code blocks.L.mlp} (mlp.* and hook_mlp_out, which
	 * holds W_out's product); then {@code ln_final} and {@code unembed} (the logits).
	 * Parallel-residual blocks have no hook_resid_mid; their component names are the
	 * same.
	 */
	COMPONENT {
		@Override
		String blockPart(HookPoint point) {
			return switch (point) {
				case RESID_PRE, RESID_MID, RESID_POST -> ".resid";
				case LN1_SCALE, LN1_NORMALIZED -> ".ln1";
				case ATTN_Q, ATTN_K, ATTN_V, ROT_Q, ROT_K, ATTN_SCORES, PATTERN, Z, RESULT, ATTN_OUT -> ".attn";
				case LN2_SCALE, LN2_NORMALIZED -> ".ln2";
				case MLP_PRE, MLP_PRE_LINEAR, MLP_POST, MLP_OUT -> ".mlp";
				case EMBED, POS_EMBED, LN_FINAL_SCALE, LN_FINAL_NORMALIZED, LOGITS ->
					throw new IllegalArgumentException(point + " is not a block hook point");
			};
		}

		@Override
		String finalNormComponent() {
			return "ln_final";
		}
	};

	private static final String EMBED = "embed";

	private static final String UNEMBED = "unembed";

	/** The component of a block hook point, as a suffix of {@code blocks.L}. */
	abstract String blockPart(HookPoint point);

	abstract String finalNormComponent();

	/** The component {@code name} belongs to, e.g. {@code blocks.1.attn}. */
	public String componentOf(HookName name) {
		HookPoint point = name.point();
		if (point.perBlock()) {
			return "blocks." + name.layer() + blockPart(point);
		}
		return switch (point) {
			case EMBED, POS_EMBED -> EMBED;
			case LN_FINAL_SCALE, LN_FINAL_NORMALIZED -> finalNormComponent();
			case LOGITS -> UNEMBED;
			default -> throw new IllegalStateException(point + " is neither a block nor a model-level hook point");
		};
	}

	/**
	 * This granularity's component names for {@code config}, in the order their first
	 * hooks fire.
	 */
	public List<String> components(HookedAutoConfig config) {
		Set<String> names = new LinkedHashSet<>();
		names.add(EMBED);
		for (int layer = 0; layer < config.nLayers(); layer++) {
			for (HookPoint point : HookPoint.values()) {
				if (point.perBlock()) {
					names.add(componentOf(HookName.of(point, layer)));
				}
			}
		}
		for (HookPoint point : HookPoint.values()) {
			if (!point.perBlock()) {
				names.add(componentOf(HookName.of(point)));
			}
		}
		return List.copyOf(names);
	}

}
