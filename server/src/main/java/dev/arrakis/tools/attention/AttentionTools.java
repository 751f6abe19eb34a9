package dev.arrakis.tools.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Attention analysis: patterns, top attended tokens, head detectors, and head ablation
 * and merging through hooks (registry key {@code attention}).
 */
public final class AttentionTools extends BaseInterpretabilityTool {

	private static final ParamSpec HEADS = ParamSpec.required("heads", "head[]",
			"heads to ablate together, layer in [0, n_layers), head in [0, n_heads): " + JsonForms.HEADS);

	private static final ParamSpec ABLATION = ParamSpec.optional("kind", "string", "zero", "zero | mean | resample");

	private static final ParamSpec REFERENCE = ParamSpec.optional("reference", "tokens[]", "[]",
			"reference sequences: required for mean and resample (resample: each as long as tokens)");

	private static final ParamSpec METRIC = ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC);

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
						new ResultSpec("HeadScores", "[n_layers, n_heads]", "fraction of attention in [0, 1]")),
				new ToolMethod("ablate_heads",
						"Replaces the heads' z (hook_z) with zero, its mean over the reference sequences, or its value "
								+ "on each reference sequence (resampling, metric averaged), and reports the metric's "
								+ "change. Through hooks; the model is not changed.",
						List.of(tokens, HEADS, ABLATION, REFERENCE, METRIC),
						new ResultSpec("InterventionEffect", "[]", "metric units; effect = ablated - clean")),
				new ToolMethod("ablation_sweep", "ablate_heads for every head alone: the metric's change per head.",
						List.of(tokens, ABLATION, REFERENCE, METRIC),
						new ResultSpec("HeadScores", "[n_layers, n_heads]", "metric units; ablated - clean")),
				new ToolMethod("merge_heads",
						"Blends head2 into head1 on d_head slices (W_X[head1] = alpha W_X[head1] + (1 - alpha) W_X[head2] "
								+ "for Q, K, V, O; head2 silenced) for one call and reports the metric's change.",
						List.of(tokens, layer, ParamSpec.required("head1", "int", "head index in [0, n_heads)"),
								ParamSpec.required("head2", "int", "head index in [0, n_heads), not head1"),
								ParamSpec.optional("alpha", "double", "0.5", "share of head1, in [0, 1]"), METRIC),
						new ResultSpec("InterventionEffect", "[]", "metric units; effect = merged - clean")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "attention_pattern" -> pattern(args.tokens("tokens"), args.integer("layer"), args.integer("head"));
			case "top_attended" -> topAttended(args.tokens("tokens"), args.integer("layer"), args.integer("head"),
					args.integer("position"), args.integer("k"));
			case "detect_heads" -> detectHeads(args.tokens("tokens"), args.choice("kind", HeadDetector.class));
			case "ablate_heads" -> ablateHeads(args.tokens("tokens"), args.heads("heads"),
					args.choice("kind", Ablation.class), args.tokenLists("reference"), args.metric("metric"));
			case "ablation_sweep" -> ablationSweep(args.tokens("tokens"), args.choice("kind", Ablation.class),
					args.tokenLists("reference"), args.metric("metric"));
			case "merge_heads" -> mergeHeads(args.tokens("tokens"), args.integer("layer"), args.integer("head1"),
					args.integer("head2"), args.real("alpha"), args.metric("metric"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Ablates {@code heads} together and measures the change in {@code metric}.
	 * @param reference the dataset {@link Ablation#MEAN} averages over and
	 * {@link Ablation#RESAMPLE} draws from (same length as {@code tokens} there); ignored
	 * by {@link Ablation#ZERO}
	 */
	public InterventionEffect ablateHeads(long[] tokens, List<Head> heads, Ablation kind, List<long[]> reference,
			Metric metric) {
		checkAblation(tokens, kind, reference, metric);
		for (int i = 0; i < heads.size(); i++) {
			checkLayer("heads[%d].layer".formatted(i), heads.get(i).layer());
			checkHead("heads[%d].head".formatted(i), heads.get(i).head());
		}
		HeadAblation ablation = new HeadAblation(this.model);
		double clean = ablation.clean(tokens, metric);
		double ablated = ablation.ablated(tokens, heads, kind, reference, metric);
		return new InterventionEffect(kind.name().toLowerCase() + " ablation", heads.stream().map(Head::label).toList(),
				metric.describe(), clean, ablated, ablated - clean);
	}

	/**
	 * Ablates every head alone: the change in {@code metric} per head,
	 * [n_layers][n_heads]. One forward pass per head. After each layer it reports the
	 * layers done so far as a partial result ({@link ForwardWatch#reportPartial}).
	 */
	public HeadScores ablationSweep(long[] tokens, Ablation kind, List<long[]> reference, Metric metric) {
		checkAblation(tokens, kind, reference, metric);
		HeadAblation ablation = new HeadAblation(this.model);
		double clean = ablation.clean(tokens, metric);
		int layers = this.model.config().nLayers();
		int heads = this.model.config().nHeads();
		float[][] effects = new float[layers][heads];
		List<String> labels = new ArrayList<>();
		String description = "%s ablation effect (ablated - clean) on %s".formatted(kind.name().toLowerCase(),
				metric.describe());
		for (int layer = 0; layer < layers; layer++) {
			for (int head = 0; head < heads; head++) {
				Head one = new Head(layer, head);
				effects[layer][head] = (float) (ablation.ablated(tokens, List.of(one), kind, reference, metric)
						- clean);
				labels.add(one.label());
			}
			ForwardWatch.reportPartial(new HeadScores(description, labels, Arrays.copyOf(effects, layer + 1)));
		}
		return new HeadScores(description, labels, effects);
	}

	/**
	 * Merges {@code head2} into {@code head1} of one layer (alpha of head1's weights plus
	 * 1 - alpha of head2's, for Q, K, V and O; head2 silenced) for one call, and measures
	 * the change in {@code metric}. With alpha = 1 this is zero-ablating head2; with
	 * alpha = 0, moving head2 into head1's place and zero-ablating head1's.
	 */
	public InterventionEffect mergeHeads(long[] tokens, int layer, int head1, int head2, double alpha, Metric metric) {
		checkTokens("tokens", tokens, 1);
		checkLayer("layer", layer);
		checkHead("head1", head1);
		checkHead("head2", head2);
		if (head1 == head2) {
			throw new IllegalArgumentException("head1 and head2 must differ, both are " + head1);
		}
		if (!(alpha >= 0 && alpha <= 1)) {
			throw new IllegalArgumentException("alpha = %s is out of range: valid values are 0..1".formatted(alpha));
		}
		metric.validate(tokens.length, this.model.config().dVocab());
		double clean = new HeadAblation(this.model).clean(tokens, metric);
		double merged;
		try (RunResult run = this.model.runWithHooks(ModelInput.of(tokens),
				new HeadMerge(this.model, layer, head1, head2, alpha).hooks())) {
			merged = metric.evaluate(run.output(), 0, tokens);
		}
		return new InterventionEffect("merge alpha=" + alpha,
				List.of(Labels.head(layer, head1), Labels.head(layer, head2)), metric.describe(), clean, merged,
				merged - clean);
	}

	private void checkAblation(long[] tokens, Ablation kind, List<long[]> reference, Metric metric) {
		checkTokens("tokens", tokens, 1);
		metric.validate(tokens.length, this.model.config().dVocab());
		if (kind == Ablation.ZERO) {
			return;
		}
		if (reference.isEmpty()) {
			throw new IllegalArgumentException(
					"reference must hold at least one sequence for %s ablation: it is the dataset the replacement comes from"
						.formatted(kind.name().toLowerCase()));
		}
		for (int i = 0; i < reference.size(); i++) {
			checkTokens("reference[%d]".formatted(i), reference.get(i), 1);
			if (kind == Ablation.RESAMPLE && reference.get(i).length != tokens.length) {
				throw new IllegalArgumentException(
						"reference[%d] holds %d tokens; resampling needs every reference as long as tokens (%d)"
							.formatted(i, reference.get(i).length, tokens.length));
			}
		}
	}

	/** One head's pattern [query_pos][key_pos] on one sequence. */
	public AttentionPattern pattern(long[] tokens, int layer, int head) {
		checkTokens("tokens", tokens, 1);
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
		checkTokens("tokens", tokens, 2);
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
