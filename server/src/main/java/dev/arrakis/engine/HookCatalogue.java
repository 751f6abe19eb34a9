package dev.arrakis.engine;

import java.util.ArrayList;
import java.util.List;

import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Residual;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

/**
 * Which hook points a configuration has, in execution order, and their shapes resolved
 * against it.
 */
final class HookCatalogue {

	private HookCatalogue() {
	}

	static List<HookName> names(HookedAutoConfig config) {
		List<HookName> names = new ArrayList<>();
		names.add(HookName.of(HookPoint.EMBED));
		if (config.positional().learned()) {
			names.add(HookName.of(HookPoint.POS_EMBED));
		}
		for (int layer = 0; layer < config.nLayers(); layer++) {
			for (HookPoint point : HookPoint.values()) {
				if (point.perBlock() && exists(point, config)) {
					names.add(HookName.of(point, layer));
				}
			}
		}
		names.add(HookName.of(HookPoint.LN_FINAL_SCALE));
		names.add(HookName.of(HookPoint.LN_FINAL_NORMALIZED));
		names.add(HookName.of(HookPoint.LOGITS));
		return List.copyOf(names);
	}

	private static boolean exists(HookPoint point, HookedAutoConfig config) {
		return switch (point) {
			case ROT_Q, ROT_K -> !config.positional().learned();
			case RESID_MID -> config.residual() == Residual.SEQUENTIAL;
			case MLP_PRE_LINEAR -> config.mlp() == MlpKind.GATED;
			default -> true;
		};
	}

	static List<HookInfo> describe(HookedAutoConfig config, List<HookName> names) {
		return names.stream()
			.map(name -> new HookInfo(name.toString(), shape(name.point(), config), name.point().meaning()))
			.toList();
	}

	/**
	 * e.g. {@code [batch, pos, 4, 16]} for attn.hook_q of a 4-head model with d_head 16.
	 */
	static String shape(HookPoint point, HookedAutoConfig config) {
		List<String> dims = new ArrayList<>();
		for (String dim : point.dims().split(" ")) {
			dims.add(switch (dim) {
				case "d_model" -> String.valueOf(config.dModel());
				case "d_head" -> String.valueOf(config.dHead());
				case "d_mlp" -> String.valueOf(config.dMlp());
				case "d_vocab" -> String.valueOf(config.dVocab());
				case "n_heads" -> String.valueOf(config.nHeads());
				case "n_key_value_heads" -> String.valueOf(config.nKeyValueHeads());
				default -> dim;
			});
		}
		return dims.toString();
	}

}
