package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * The logit lens (nostalgebraist 2020): the residual stream into every block, and the
 * final one, read out through the model's own final norm and unembedding (registry key
 * {@code logit_lens}). The last readout is exactly the model's logits.
 */
public final class LogitLens extends BaseInterpretabilityTool {

	public LogitLens(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "logit_lens";
	}

	@Override
	public String description() {
		return "Reads each layer's residual stream through ln_final and W_U: top tokens, probabilities and loss.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("logit_lens",
				"For resid_pre of every layer and the final residual: softmax(ln_final(x) W_U + b_U), its top-k "
						+ "tokens and the cross-entropy of the actual next token.",
				List.of(ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)"),
						ParamSpec.optional("topK", "int", "5", "tokens per position, in [1, d_vocab]")),
				new ResultSpec("LogitLensResult", "[n_layers + 1, pos, top_k]", "probabilities; loss in nats")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "logit_lens" -> run(args.tokens("tokens"), args.integer("topK"));
			default -> throw args.notDispatched();
		};
	}

	public LogitLensResult run(long[] tokens, int topK) {
		checkTokens("tokens", tokens, 1);
		int vocab = this.model.config().dVocab();
		if (topK < 1 || topK > vocab) {
			throw new IllegalArgumentException(
					"topK = %d is out of range: valid values are 1..%d".formatted(topK, vocab));
		}
		int layers = this.model.config().nLayers();
		List<String> labels = new ArrayList<>();
		List<long[][]> topTokens = new ArrayList<>();
		List<float[][]> topProbabilities = new ArrayList<>();
		List<float[]> losses = new ArrayList<>();
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.parse("blocks.*.hook_resid_pre,blocks." + (layers - 1) + ".hook_resid_post"), null)) {
			for (int readout = 0; readout <= layers; readout++) {
				HookName residual = readout < layers ? HookName.residPre(readout) : HookName.residPost(layers - 1);
				labels.add(readout < layers ? "L" + readout + "_resid_pre" : "final");
				float[] logProbabilities;
				try (ForwardContext lens = this.model.newContext(Hooks.none())) {
					NDArray logits = this.model.transformer().unembedResidual(run.cache().get(residual), lens);
					logProbabilities = logits.toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
				}
				readOut(logProbabilities, tokens, vocab, topK, topTokens, topProbabilities, losses);
			}
		}
		return new LogitLensResult(labels, topTokens.toArray(long[][][]::new),
				topProbabilities.toArray(float[][][]::new), losses.toArray(float[][]::new));
	}

	private static void readOut(float[] logProbabilities, long[] tokens, int vocab, int topK, List<long[][]> topTokens,
			List<float[][]> topProbabilities, List<float[]> losses) {
		int length = tokens.length;
		long[][] top = new long[length][topK];
		float[][] probabilities = new float[length][topK];
		float[] loss = new float[length - 1];
		for (int position = 0; position < length; position++) {
			int offset = position * vocab;
			for (int k = 0; k < topK; k++) {
				int best = -1;
				for (int token = 0; token < vocab; token++) {
					if (isTaken(top[position], k, token)) {
						continue;
					}
					if (best < 0 || logProbabilities[offset + token] > logProbabilities[offset + best]) {
						best = token;
					}
				}
				top[position][k] = best;
				probabilities[position][k] = (float) Math.exp(logProbabilities[offset + best]);
			}
			if (position + 1 < length) {
				loss[position] = -logProbabilities[offset + (int) tokens[position + 1]];
			}
		}
		topTokens.add(top);
		topProbabilities.add(probabilities);
		losses.add(loss);
	}

	private static boolean isTaken(long[] chosen, int count, int token) {
		for (int i = 0; i < count; i++) {
			if (chosen[i] == token) {
				return true;
			}
		}
		return false;
	}

}
