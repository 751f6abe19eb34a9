package dev.arrakis.tools.residual;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Direct logit attribution (registry key {@code logit}). The final norm's scale s at the
 * position is frozen from the real run (ln_final.hook_scale), which makes the logit
 * linear in the residual stream; each component c of the final residual then contributes
 * ((c - mean(c)) / s) . (w_final ⊙ u) under LayerNorm, or (c / s) . (w_final ⊙ u) under
 * RMSNorm, where u = W_U[:, tokenId] (or the difference of two columns). The
 * contributions plus b_final . u + b_U (difference) add up to the model's logit (logit
 * difference).
 */
public final class LogitAttribution extends BaseInterpretabilityTool {

	private static final HookName FINAL_SCALE = HookName.of(HookPoint.LN_FINAL_SCALE);

	public LogitAttribution(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "logit";
	}

	@Override
	public String description() {
		return "Direct logit attribution: each embedding, head, attention bias and MLP's direct contribution to a "
				+ "logit or a logit difference, through the frozen final norm and W_U.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		ParamSpec position = ParamSpec.required("position", "int", "position in [0, pos) whose logits are explained");
		ParamSpec tokenId = ParamSpec.required("tokenId", "int", "token id in [0, d_vocab) whose logit is explained");
		String definition = "with s = ln_final scale at the position frozen from the run, each component c of the "
				+ "final residual (embed, pos_embed, every head's z_h W_O[h], b_O, mlp_out) contributes "
				+ "((c - mean c) / s) . (w_final * u) (LayerNorm; c / s for RMSNorm); the values plus "
				+ "b_final . u + b_U add up to the model's ";
		return List.of(new ToolMethod("direct_logit_attribution",
				"u = W_U[:, tokenId]; " + definition + "logit of tokenId at the position.",
				List.of(tokens, position, tokenId), new ResultSpec("LogitAttributionResult", "[component]", "logits")),
				new ToolMethod("logit_difference_attribution",
						"u = W_U[:, tokenId] - W_U[:, contrastTokenId]; " + definition
								+ "logit[tokenId] - logit[contrastTokenId] at the position.",
						List.of(tokens, position, tokenId,
								ParamSpec.required("contrastTokenId", "int",
										"token id in [0, d_vocab) whose logit is subtracted")),
						new ResultSpec("LogitAttributionResult", "[component]", "logit difference")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "direct_logit_attribution" ->
				directLogitAttribution(args.tokens("tokens"), args.integer("position"), args.longValue("tokenId"));
			case "logit_difference_attribution" -> logitDifferenceAttribution(args.tokens("tokens"),
					args.integer("position"), args.longValue("tokenId"), args.longValue("contrastTokenId"));
			default -> throw args.notDispatched();
		};
	}

	/** Each component's direct contribution to logit[tokenId] at {@code position}. */
	public LogitAttributionResult directLogitAttribution(long[] tokens, int position, long tokenId) {
		checkInput(tokens, position, tokenId);
		return attribute(tokens, position, tokenId, null,
				"direct logit attribution to logit[%d] at position %d".formatted(tokenId, position));
	}

	/**
	 * Each component's direct contribution to logit[tokenId] - logit[contrastTokenId] at
	 * {@code position}.
	 */
	public LogitAttributionResult logitDifferenceAttribution(long[] tokens, int position, long tokenId,
			long contrastTokenId) {
		checkInput(tokens, position, tokenId);
		checkIndex("contrastTokenId", contrastTokenId, this.model.config().dVocab());
		return attribute(tokens, position, tokenId, contrastTokenId,
				"direct logit attribution to " + Metric.logitDifference(position, tokenId, contrastTokenId).describe());
	}

	private void checkInput(long[] tokens, int position, long tokenId) {
		checkTokens("tokens", tokens, 1);
		checkIndex("position", position, tokens.length);
		checkIndex("tokenId", tokenId, this.model.config().dVocab());
	}

	private LogitAttributionResult attribute(long[] tokens, int position, long tokenId, @Nullable Long contrastTokenId,
			String metric) {
		HookedAutoConfig config = this.model.config();
		int lastLayer = config.nLayers() - 1;
		boolean layerNorm = config.norm() == Norm.LAYER_NORM;
		Readout readout = readout(tokenId, contrastTokenId, layerNorm);
		float[][][] components;
		double scale;
		double actual;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				ResidualComponents.filter(config, lastLayer, FINAL_SCALE), null)) {
			Narrowing here = Narrowing.positions(position);
			components = ResidualComponents.read(this.model, run.cache(), lastLayer, here);
			scale = run.cache().toHost(FINAL_SCALE, here).data()[0];
			actual = logit(run.output(), position, tokenId)
					- (contrastTokenId == null ? 0 : logit(run.output(), position, contrastTokenId));
		}
		double gainSum = 0;
		for (double g : readout.gainedDirection()) {
			gainSum += g;
		}
		float[] values = new float[components.length];
		double total = readout.constant();
		for (int i = 0; i < components.length; i++) {
			float[] write = components[i][0];
			double dot = 0;
			double mean = 0;
			for (int d = 0; d < write.length; d++) {
				dot += write[d] * readout.gainedDirection()[d];
				mean += write[d];
			}
			mean /= write.length;
			// (c - mean(c)) . g = c . g - mean(c) * sum(g)
			double value = (layerNorm ? dot - mean * gainSum : dot) / scale;
			values[i] = (float) value;
			total += value;
		}
		return grouped(metric, values, readout.constant(), total, actual);
	}

	private LogitAttributionResult grouped(String metric, float[] values, double constant, double total,
			double actual) {
		HookedAutoConfig config = this.model.config();
		int layers = config.nLayers();
		int heads = config.nHeads();
		float[][] perHead = new float[layers][heads];
		float[] perLayerAttention = new float[layers];
		float[] perLayerMlp = new float[layers];
		int index = config.positional().learned() ? 2 : 1;
		for (int layer = 0; layer < layers; layer++) {
			double attention = 0;
			for (int head = 0; head < heads; head++) {
				perHead[layer][head] = values[index++];
				attention += perHead[layer][head];
			}
			attention += values[index++];
			perLayerAttention[layer] = (float) attention;
			perLayerMlp[layer] = values[index++];
		}
		return new LogitAttributionResult(metric, ResidualComponents.labels(config, layers - 1), values, perHead,
				perLayerAttention, perLayerMlp, constant, total, actual);
	}

	/**
	 * The unembedding direction times the final gain, and the constant part of the logit.
	 */
	private Readout readout(long tokenId, @Nullable Long contrastTokenId, boolean layerNorm) {
		int width = this.model.config().dModel();
		double[] direction = new double[width];
		double constant;
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			long[] tokens = contrastTokenId == null ? new long[] { tokenId } : new long[] { tokenId, contrastTokenId };
			NDArray columns = this.model.unembedColumns(tokens, manager).toType(DataType.FLOAT32, false);
			float[] bias = this.model.weight("unembed.b_U", manager).toType(DataType.FLOAT32, false).toFloatArray();
			float[] column = columns.get(0).toFloatArray();
			float[] contrast = contrastTokenId == null ? new float[width] : columns.get(1).toFloatArray();
			for (int d = 0; d < width; d++) {
				direction[d] = (double) column[d] - contrast[d];
			}
			constant = bias[(int) tokenId] - (contrastTokenId == null ? 0.0 : bias[contrastTokenId.intValue()]);
		}
		float[] gain = ResidualComponents.weight(this.model, "ln_final.w");
		if (layerNorm) {
			float[] shift = ResidualComponents.weight(this.model, "ln_final.b");
			for (int d = 0; d < width; d++) {
				constant += shift[d] * direction[d];
			}
		}
		double[] gained = new double[width];
		for (int d = 0; d < width; d++) {
			gained[d] = gain[d] * direction[d];
		}
		return new Readout(gained, constant);
	}

	private static double logit(NDArray logits, int position, long tokenId) {
		return logits.get(0, position, tokenId).toType(DataType.FLOAT32, false).getFloat();
	}

	/**
	 * @param gainedDirection w_final ⊙ u
	 * @param constant b_final . u + b_U (difference)
	 */
	private record Readout(double[] gainedDirection, double constant) {
	}

}
