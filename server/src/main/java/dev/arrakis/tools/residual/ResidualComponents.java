package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Labels;

/**
 * The full decomposition of resid_post of a layer (Elhage et al. 2021; TransformerLens
 * {@code get_full_resid_decomposition}): embed, pos_embed (learned positions only), then
 * per layer every head's result z_h W_O[h], the attention bias b_O and mlp_out. The parts
 * add up to resid_post because resid_post = resid_pre + attn_out + mlp_out and attn_out =
 * sum_h result_h + b_O, for sequential and parallel blocks alike.
 */
final class ResidualComponents {

	private ResidualComponents() {
	}

	/** The labels of the parts of resid_post[lastLayer], in order. */
	static List<String> labels(HookedAutoConfig config, int lastLayer) {
		List<String> labels = new ArrayList<>();
		labels.add(Labels.EMBED);
		if (config.positional().learned()) {
			labels.add(Labels.POS_EMBED);
		}
		for (int layer = 0; layer <= lastLayer; layer++) {
			for (int head = 0; head < config.nHeads(); head++) {
				labels.add(Labels.head(layer, head));
			}
			labels.add(Labels.attnBias(layer));
			labels.add(Labels.mlp(layer));
		}
		return labels;
	}

	/** The activations {@link #read} needs for layers 0..lastLayer. */
	static List<HookName> hooks(HookedAutoConfig config, int lastLayer) {
		List<HookName> hooks = new ArrayList<>();
		hooks.add(HookName.of(HookPoint.EMBED));
		if (config.positional().learned()) {
			hooks.add(HookName.of(HookPoint.POS_EMBED));
		}
		for (int layer = 0; layer <= lastLayer; layer++) {
			hooks.add(HookName.of(HookPoint.RESULT, layer));
			hooks.add(HookName.of(HookPoint.MLP_OUT, layer));
		}
		return hooks;
	}

	/** A filter caching {@link #hooks} and any {@code extra} hook names. */
	static HookFilter filter(HookedAutoConfig config, int lastLayer, HookName... extra) {
		List<HookName> wanted = new ArrayList<>(hooks(config, lastLayer));
		wanted.addAll(List.of(extra));
		return HookFilter.of(wanted::contains);
	}

	/**
	 * The parts at the positions {@code narrowing} keeps, as
	 * [component][position][d_model] float32, in the order of {@link #labels}.
	 */
	static float[][][] read(HookedAutoModel model, ActivationCache cache, int lastLayer, Narrowing narrowing) {
		HookedAutoConfig config = model.config();
		List<float[][]> parts = new ArrayList<>();
		parts.add(rows(cache.toHost(HookName.of(HookPoint.EMBED), narrowing)));
		if (config.positional().learned()) {
			parts.add(rows(cache.toHost(HookName.of(HookPoint.POS_EMBED), narrowing)));
		}
		int positions = parts.get(0).length;
		for (int layer = 0; layer <= lastLayer; layer++) {
			HostTensor results = cache.toHost(HookName.of(HookPoint.RESULT, layer), narrowing);
			for (int head = 0; head < config.nHeads(); head++) {
				parts.add(headRows(results, head));
			}
			float[] bias = attentionBias(model, layer);
			float[][] repeated = new float[positions][];
			for (int position = 0; position < positions; position++) {
				repeated[position] = bias.clone();
			}
			parts.add(repeated);
			parts.add(rows(cache.toHost(HookName.of(HookPoint.MLP_OUT, layer), narrowing)));
		}
		return parts.toArray(float[][][]::new);
	}

	/** b_O of a layer as float32. */
	static float[] attentionBias(HookedAutoModel model, int layer) {
		return weight(model, "blocks." + layer + ".attn.b_O");
	}

	/** A copy of a weight, flattened, as float32. */
	static float[] weight(HookedAutoModel model, String name) {
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			return model.weight(name, scope.manager()).toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	/** L2 norm of each row. */
	static float[] norms(float[][] rows) {
		float[] norms = new float[rows.length];
		for (int i = 0; i < rows.length; i++) {
			double squares = 0;
			for (float value : rows[i]) {
				squares += (double) value * value;
			}
			norms[i] = (float) Math.sqrt(squares);
		}
		return norms;
	}

	/** [1, pos, d] as [pos][d]. */
	static float[][] rows(HostTensor tensor) {
		int positions = (int) tensor.shape()[1];
		int width = (int) tensor.shape()[2];
		float[][] rows = new float[positions][width];
		for (int position = 0; position < positions; position++) {
			System.arraycopy(tensor.data(), position * width, rows[position], 0, width);
		}
		return rows;
	}

	/** One head of [1, pos, n_heads, d] as [pos][d]. */
	private static float[][] headRows(HostTensor tensor, int head) {
		int positions = (int) tensor.shape()[1];
		int heads = (int) tensor.shape()[2];
		int width = (int) tensor.shape()[3];
		float[][] rows = new float[positions][width];
		for (int position = 0; position < positions; position++) {
			System.arraycopy(tensor.data(), (position * heads + head) * width, rows[position], 0, width);
		}
		return rows;
	}

}
