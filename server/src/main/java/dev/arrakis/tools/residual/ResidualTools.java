package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Residual-stream decomposition (registry key {@code residual}): resid_post of a layer is
 * exactly the token embedding, the positional embedding (learned positions) and every
 * earlier attention and MLP output, added up; this holds for sequential and parallel
 * blocks alike.
 */
public final class ResidualTools extends BaseInterpretabilityTool {

	public ResidualTools(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "residual";
	}

	@Override
	public String description() {
		return "Splits the residual stream into embeddings and each layer's attention and MLP writes.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("decompose_residual",
				"resid_post[layer] = embed + pos_embed + sum over layers <= layer of (attn_out + mlp_out); each part "
						+ "with its L2 norm per position.",
				List.of(ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)"),
						ParamSpec.required("layer", "int", "layer index in [0, n_layers): decompose its resid_post")),
				new ResultSpec("ResidualDecomposition", "[component, pos, d_model]", "residual-stream units")));
	}

	/**
	 * The parts of {@code resid_post} of {@code layer}, in the order they were written.
	 */
	public ResidualDecomposition decompose(long[] tokens, int layer) {
		checkLayer("layer", layer);
		List<String> labels = new ArrayList<>();
		List<HookName> parts = new ArrayList<>();
		labels.add("embed");
		parts.add(HookName.of(HookPoint.EMBED));
		if (this.model.config().positional().learned()) {
			labels.add("pos_embed");
			parts.add(HookName.of(HookPoint.POS_EMBED));
		}
		for (int l = 0; l <= layer; l++) {
			labels.add("L" + l + "_attn");
			parts.add(HookName.of(HookPoint.ATTN_OUT, l));
			labels.add("L" + l + "_mlp");
			parts.add(HookName.of(HookPoint.MLP_OUT, l));
		}
		HookFilter filter = HookFilter.of(parts::contains);
		float[][][] components = new float[parts.size()][][];
		float[][] norms = new float[parts.size()][];
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), filter, layer + 1)) {
			for (int i = 0; i < parts.size(); i++) {
				HostTensor part = run.cache().toHost(parts.get(i), Narrowing.ALL);
				int length = (int) part.shape()[1];
				int width = (int) part.shape()[2];
				components[i] = new float[length][width];
				norms[i] = new float[length];
				for (int position = 0; position < length; position++) {
					double squares = 0;
					for (int d = 0; d < width; d++) {
						float value = part.data()[position * width + d];
						components[i][position][d] = value;
						squares += (double) value * value;
					}
					norms[i][position] = (float) Math.sqrt(squares);
				}
			}
		}
		return new ResidualDecomposition(labels, components, norms);
	}

}
