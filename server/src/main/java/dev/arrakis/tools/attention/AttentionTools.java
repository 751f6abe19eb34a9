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
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		ParamSpec layer = ParamSpec.required("layer", "int", "layer index in [0, n_layers)");
		ParamSpec head = ParamSpec.required("head", "int", "head index in [0, n_heads)");
		return List.of(
				new ToolMethod("attention_pattern", "One head's post-softmax attention pattern.",
						List.of(tokens, layer, head),
						new ResultSpec("AttentionPattern", "[query_pos, key_pos]", "probability; rows sum to 1")),
				new ToolMethod("top_attended", "The k key positions a head attends to most from one query position.",
						List.of(tokens, layer, head,
								ParamSpec.required("position", "int", "query position in [0, pos)"),
								ParamSpec.optional("k", "int", "5", "how many keys, in [1, position + 1]")),
						new ResultSpec("AttendedToken[]", "[k]", "probability in [0, 1]")),
				new ToolMethod("detect_heads",
						"TransformerLens head_detector with the 'mul' measure: per head, the attention mass on the detection "
								+ "pattern divided by the total attention mass (one per query position).",
						List.of(ParamSpec.required("tokens", "tokens",
								"token ids of one sequence, each in [0, d_vocab)"),
								ParamSpec.required("kind", "string", "previous_token | duplicate_token | induction")),
						new ResultSpec("HeadScores", "[n_layers, n_heads]", "fraction of attention in [0, 1]")));
	}

	/** One head's pattern [query_pos][key_pos] on one sequence. */
	public AttentionPattern pattern(long[] tokens, int layer, int head) {
		checkLayer("layer", layer);
		checkHead("head", head);
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.parse("blocks.*.attn.hook_pattern"), layer + 1)) {
			HostTensor pattern = run.cache().toHost(HookName.pattern(layer), Narrowing.heads(head));
			float[][] rows = new float[tokens.length][tokens.length];
			for (int query = 0; query < tokens.length; query++) {
				for (int key = 0; key < tokens.length; key++) {
					rows[query][key] = pattern.get(0, 0, query, key);
				}
			}
			return new AttentionPattern("L" + layer + "H" + head, rows);
		}
	}

	/**
	 * The {@code k} keys a head attends to most from {@code position}, most attended
	 * first.
	 */
	public List<AttendedToken> topAttended(long[] tokens, int layer, int head, int position, int k) {
		checkIndex("position", position, tokens.length);
		if (k < 1 || k > position + 1) {
			throw new IllegalArgumentException(
					"k = %d is out of range: valid values are 1..%d (keys up to the position)".formatted(k,
							position + 1));
		}
		float[] row = pattern(tokens, layer, head).pattern()[position];
		List<AttendedToken> attended = new ArrayList<>();
		for (int key = 0; key <= position; key++) {
			attended.add(new AttendedToken(key, tokens[key], row[key]));
		}
		attended.sort((a, b) -> Float.compare(b.weight(), a.weight()));
		return List.copyOf(attended.subList(0, k));
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
