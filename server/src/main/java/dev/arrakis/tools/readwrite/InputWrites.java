package dev.arrakis.tools.readwrite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Labels;

/**
 * Splits resid_post of the last layer at one position, projected on a unit direction d,
 * into what wrote it: embed . d (+ pos_embed . d), per layer each head's z_h W_O^h . d,
 * b_O . d and mlp_out . d; and each MLP write into post_n (W_out[n] . d) per neuron plus
 * b_out . d. Inputs are checked by the caller.
 */
final class InputWrites {

	private final HookedAutoModel model;

	InputWrites(HookedAutoModel model) {
		this.model = model;
	}

	DirectionWrites along(long[] tokens, float[] unit, String label, int position, int topK) {
		HookedAutoConfig config = this.model.config();
		int last = config.nLayers() - 1;
		List<String> labels = new ArrayList<>();
		List<Float> contributions = new ArrayList<>();
		float[] mlpBias = new float[config.nLayers()];
		NeuronScore[][] neurons = new NeuronScore[config.nLayers()][];
		float residual;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), HookFilter.of(wanted()::contains), null);
				ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			NDArray column = manager.create(unit, new Shape(unit.length, 1));
			labels.add(Labels.EMBED);
			contributions.add(dot(at(run, HookName.of(HookPoint.EMBED), position), 0, unit));
			if (config.positional().learned()) {
				labels.add(Labels.POS_EMBED);
				contributions.add(dot(at(run, HookName.of(HookPoint.POS_EMBED), position), 0, unit));
			}
			for (int layer = 0; layer < config.nLayers(); layer++) {
				float[] results = at(run, HookName.of(HookPoint.RESULT, layer), position);
				for (int head = 0; head < config.nHeads(); head++) {
					labels.add(Labels.head(layer, head));
					contributions.add(dot(results, head * unit.length, unit));
				}
				labels.add(Labels.attnBias(layer));
				contributions.add(dot(weight(layer, "attn.b_O", manager), 0, unit));
				labels.add(Labels.mlp(layer));
				contributions.add(dot(at(run, HookName.of(HookPoint.MLP_OUT, layer), position), 0, unit));
				mlpBias[layer] = dot(weight(layer, "mlp.b_out", manager), 0, unit);
				float[] post = at(run, HookName.of(HookPoint.MLP_POST, layer), position);
				float[] outputAlong = ReadWriteTool.float32(this.model, "blocks." + layer + ".mlp.W_out", manager)
					.matMul(column)
					.toFloatArray();
				float[] writes = new float[post.length];
				for (int neuron = 0; neuron < post.length; neuron++) {
					writes[neuron] = post[neuron] * outputAlong[neuron];
				}
				neurons[layer] = TopNeurons.largest(layer, writes, topK);
			}
			residual = dot(at(run, HookName.residPost(last), position), 0, unit);
		}
		float[] values = new float[contributions.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = contributions.get(i);
		}
		return new DirectionWrites(
				label, position, "component . d at position " + position
						+ " for the unit direction d; the components sum to resid_post[" + last + "] . d",
				labels, values, residual, mlpBias, neurons);
	}

	private Set<HookName> wanted() {
		HookedAutoConfig config = this.model.config();
		Set<HookName> wanted = new HashSet<>();
		wanted.add(HookName.of(HookPoint.EMBED));
		if (config.positional().learned()) {
			wanted.add(HookName.of(HookPoint.POS_EMBED));
		}
		for (int layer = 0; layer < config.nLayers(); layer++) {
			wanted.add(HookName.of(HookPoint.RESULT, layer));
			wanted.add(HookName.of(HookPoint.MLP_OUT, layer));
			wanted.add(HookName.of(HookPoint.MLP_POST, layer));
		}
		wanted.add(HookName.residPost(config.nLayers() - 1));
		return wanted;
	}

	/** An activation at one position, as float32 values in row-major order. */
	private static float[] at(RunResult run, HookName name, int position) {
		HostTensor values = run.cache().toHost(name, Narrowing.positions(position));
		return values.data();
	}

	private float[] weight(int layer, String name, NDManager manager) {
		return ReadWriteTool.float32(this.model, "blocks." + layer + "." + name, manager).toFloatArray();
	}

	/** values[offset .. offset + d) . unit, summed in double. */
	private static float dot(float[] values, int offset, float[] unit) {
		double sum = 0;
		for (int i = 0; i < unit.length; i++) {
			sum += (double) values[offset + i] * unit[i];
		}
		return (float) sum;
	}

}
