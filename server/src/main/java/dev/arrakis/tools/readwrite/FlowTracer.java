package dev.arrakis.tools.readwrite;

import java.util.HashSet;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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

/**
 * Information flow from a source to a destination position: per head the attention
 * weight, the value-weighted norm ||A[dst, src] v_src W_O^h|| (Kobayashi et al. 2020),
 * and attention rollout (Abnar &amp; Zuidema 2020): R_l = Ã_l ... Ã_0 with Ã_l = 0.5 A_l
 * + 0.5 I and A_l the mean pattern over heads. Every A_l is row-stochastic, so every row
 * of R_l sums to 1. Every Ã_l is lower triangular (causal), so R_l[dst, 0 .. dst] needs
 * only positions 0 .. dst. Inputs are checked by the caller.
 */
final class FlowTracer {

	static final String NOTE = "attention: A^{l,h}[dst, src]; value-weighted norm: ||A^{l,h}[dst, src] v_src W_O^h|| "
			+ "(Kobayashi et al. 2020); rollout: R_l[dst, src] with R_l = (0.5 A_l + 0.5 I) ... (0.5 A_0 + 0.5 I), "
			+ "A_l the mean over heads (Abnar & Zuidema 2020). Rollout ignores the MLPs and, for parallel-residual "
			+ "models, is an approximation.";

	private final HookedAutoModel model;

	FlowTracer(HookedAutoModel model) {
		this.model = model;
	}

	InformationFlow between(long[] tokens, int source, int destination) {
		HookedAutoConfig config = this.model.config();
		int layers = config.nLayers();
		int heads = config.nHeads();
		float[][] attention = new float[layers][heads];
		float[][] valueWeighted = new float[layers][];
		float[] rollout = new float[layers];
		float[][] rolloutRow = new float[layers][];
		Set<HookName> wanted = new HashSet<>();
		for (int layer = 0; layer < layers; layer++) {
			wanted.add(HookName.pattern(layer));
			wanted.add(HookName.of(HookPoint.ATTN_V, layer));
		}
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), HookFilter.of(wanted::contains), null);
				ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			int reach = destination + 1;
			NDArray identity = manager.eye(reach);
			NDArray rolled = identity;
			for (int layer = 0; layer < layers; layer++) {
				HostTensor row = run.cache().toHost(HookName.pattern(layer), Narrowing.positions(destination));
				for (int head = 0; head < heads; head++) {
					attention[layer][head] = row.get(0, head, 0, source);
				}
				valueWeighted[layer] = valueNorms(run, layer, source, manager);
				for (int head = 0; head < heads; head++) {
					valueWeighted[layer][head] *= attention[layer][head];
				}
				NDArray meanPattern = run.cache()
					.get(HookName.pattern(layer))
					.get(manager, new NDIndex("0, :, 0:{}, 0:{}", reach, reach))
					.toType(DataType.FLOAT32, false)
					.mean(new int[] { 0 });
				rolled = meanPattern.mul(0.5).add(identity.mul(0.5)).matMul(rolled);
				rolloutRow[layer] = rolled.get(destination).toFloatArray();
				rollout[layer] = rolloutRow[layer][source];
			}
		}
		return new InformationFlow(source, destination, ReadWriteTool.headLabels(config), attention, valueWeighted,
				rollout, rolloutRow, NOTE);
	}

	/** ||v_src W_O^h|| per head, v from the head's key/value group. */
	private float[] valueNorms(RunResult run, int layer, int source, NDManager manager) {
		HookedAutoConfig config = this.model.config();
		HostTensor values = run.cache().toHost(HookName.of(HookPoint.ATTN_V, layer), Narrowing.positions(source));
		int width = config.dHead();
		float[] perHead = new float[config.nHeads() * width];
		for (int head = 0; head < config.nHeads(); head++) {
			System.arraycopy(values.data(), head / config.groupSize() * width, perHead, head * width, width);
		}
		NDArray output = ReadWriteTool.float32(this.model, "blocks." + layer + ".attn.W_O", manager);
		return manager.create(perHead, new Shape(config.nHeads(), 1, width))
			.batchMatMul(output)
			.square()
			.sum(new int[] { 1, 2 })
			.sqrt()
			.toFloatArray();
	}

}
