package dev.arrakis.tools.attention;

import java.util.ArrayList;
import java.util.List;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Attention analysis: head detectors on a token sequence (registry key
 * {@code attention}).
 */
public final class AttentionTools extends BaseInterpretabilityTool {

	public AttentionTools(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "attention";
	}

	@Override
	public String description() {
		return "Attention patterns and head detectors (previous-token, duplicate-token, induction).";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("detect_heads",
				"TransformerLens head_detector with the 'mul' measure: per head, the attention mass on the detection "
						+ "pattern divided by the total attention mass (one per query position).",
				List.of(ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)"),
						ParamSpec.required("kind", "string", "previous_token | duplicate_token | induction")),
				new ResultSpec("HeadScores", "[n_layers, n_heads]", "fraction of attention in [0, 1]")));
	}

	/** Scores every head for one kind of behaviour on one sequence. */
	public HeadScores detectHeads(long[] tokens, HeadDetector kind) {
		if (tokens.length < 2) {
			throw new IllegalArgumentException("tokens must hold at least 2 tokens, got " + tokens.length);
		}
		int layers = this.model.config().nLayers();
		int heads = this.model.config().nHeads();
		float[][] scores = new float[layers][heads];
		List<String> labels = new ArrayList<>();
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.parse("blocks.*.attn.hook_pattern"), null)) {
			for (int layer = 0; layer < layers; layer++) {
				HostTensor pattern = run.cache().toHost(HookName.pattern(layer), Narrowing.ALL);
				for (int head = 0; head < heads; head++) {
					scores[layer][head] = score(pattern, head, tokens, kind);
					labels.add("L" + layer + "H" + head);
				}
			}
		}
		return new HeadScores(kind.name().toLowerCase() + ": attention on the detection pattern / total attention",
				labels, scores);
	}

	private static float score(HostTensor pattern, int head, long[] tokens, HeadDetector kind) {
		double detected = 0;
		double total = 0;
		for (int query = 0; query < tokens.length; query++) {
			for (int key = 0; key < tokens.length; key++) {
				float weight = pattern.get(0, head, query, key);
				total += weight;
				if (kind.detects(tokens, query, key)) {
					detected += weight;
				}
			}
		}
		return (float) (detected / total);
	}

}
