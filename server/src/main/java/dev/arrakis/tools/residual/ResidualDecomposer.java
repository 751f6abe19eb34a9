package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * The residual stream split by what wrote it (registry key {@code decomposer}): the
 * accumulated residual layer by layer, and the full decomposition into embeddings, every
 * head, every attention bias and every MLP.
 */
public final class ResidualDecomposer extends BaseInterpretabilityTool {

	public ResidualDecomposer(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "decomposer";
	}

	@Override
	public String description() {
		return "The accumulated residual stream per layer and its full decomposition into embeddings, heads, "
				+ "attention biases and MLPs.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		return List.of(new ToolMethod("accumulated_residual",
				"resid_pre of every layer, then the final resid_post, with L2 norms per position. With "
						+ "applyFinalNorm (TransformerLens accumulated_resid with apply_ln): each residual centred "
						+ "(LayerNorm only) and divided by ln_final's scale of the real final residual, frozen from "
						+ "the run; gain, bias and W_U are not applied.",
				List.of(tokens,
						ParamSpec.optional("applyFinalNorm", "boolean", "false",
								"whether to centre and divide by the frozen ln_final scale")),
				new ResultSpec("AccumulatedResidual", "[n_layers + 1, pos, d_model]",
						"residual-stream units, or units of the final norm's input when applyFinalNorm")),
				new ToolMethod("decompose",
						"resid_post[layer] = embed + pos_embed (learned positions) + sum over layers l <= layer of "
								+ "(sum over heads h of z_h W_O[h] + b_O + mlp_out): every part per position, with "
								+ "its L2 norm.",
						List.of(tokens,
								ParamSpec.required("layer", "int",
										"layer index in [0, n_layers): decompose its resid_post")),
						new ResultSpec("ResidualDecomposition", "[component, pos, d_model]",
								"residual-stream units; components sum to resid_post[layer]")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "accumulated_residual" -> accumulatedResidual(args.tokens("tokens"), args.bool("applyFinalNorm"));
			case "decompose" -> decompose(args.tokens("tokens"), args.integer("layer"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * resid_pre of every layer and the final residual. With {@code applyFinalNorm} each
	 * is transformed as ln_final would transform the real final residual before its gain
	 * and bias: x -> (x - mean(x)) / s for LayerNorm, x -> x / s for RMSNorm, where s is
	 * ln_final's scale at that position in the real run. The final entry then times
	 * w_final (+ b_final) is exactly the final norm's output.
	 */
	public AccumulatedResidual accumulatedResidual(long[] tokens, boolean applyFinalNorm) {
		checkTokens("tokens", tokens, 1);
		int layers = this.model.config().nLayers();
		List<HookName> wanted = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			wanted.add(HookName.residPre(layer));
			labels.add("L" + layer + "_resid_pre");
		}
		wanted.add(HookName.residPost(layers - 1));
		labels.add("final");
		HookName finalScale = HookName.of(HookPoint.LN_FINAL_SCALE);
		float[][][] residuals = new float[layers + 1][][];
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.of(name -> wanted.contains(name) || name.equals(finalScale)), null)) {
			float[] scale = run.cache().toHost(finalScale, Narrowing.ALL).data();
			for (int i = 0; i < wanted.size(); i++) {
				residuals[i] = ResidualComponents.rows(run.cache().toHost(wanted.get(i), Narrowing.ALL));
				if (applyFinalNorm) {
					normalise(residuals[i], scale, this.model.config().norm() == Norm.LAYER_NORM);
				}
			}
		}
		float[][] norms = new float[residuals.length][];
		for (int i = 0; i < residuals.length; i++) {
			norms[i] = ResidualComponents.norms(residuals[i]);
		}
		String description = applyFinalNorm
				? (this.model.config().norm() == Norm.LAYER_NORM ? "(x - mean(x)) / s" : "x / s")
						+ " with s = ln_final scale of the real final residual per position"
				: "residual stream x";
		return new AccumulatedResidual(labels, applyFinalNorm, residuals, norms, description);
	}

	/**
	 * Every part of resid_post of {@code layer}, per position: embed, pos_embed (learned
	 * positions only), and for each layer up to {@code layer} its heads {@code L{l}H{h}}
	 * (z_h W_O[h]), its attention bias {@code L{l}_attn_bias} (b_O) and {@code L{l}_mlp}.
	 * They sum to resid_post[layer].
	 */
	public ResidualDecomposition decompose(long[] tokens, int layer) {
		checkTokens("tokens", tokens, 1);
		checkLayer("layer", layer);
		float[][][] components;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				ResidualComponents.filter(this.model.config(), layer), layer + 1)) {
			components = ResidualComponents.read(this.model, run.cache(), layer, Narrowing.ALL);
		}
		float[][] norms = new float[components.length][];
		for (int i = 0; i < components.length; i++) {
			norms[i] = ResidualComponents.norms(components[i]);
		}
		return new ResidualDecomposition(ResidualComponents.labels(this.model.config(), layer), components, norms);
	}

	private static void normalise(float[][] residual, float[] scale, boolean centre) {
		for (int position = 0; position < residual.length; position++) {
			float[] row = residual[position];
			double mean = 0;
			if (centre) {
				for (float value : row) {
					mean += value;
				}
				mean /= row.length;
			}
			for (int d = 0; d < row.length; d++) {
				row[d] = (float) ((row[d] - mean) / scale[position]);
			}
		}
	}

}
