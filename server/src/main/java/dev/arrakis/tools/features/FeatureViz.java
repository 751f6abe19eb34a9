package dev.arrakis.tools.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.tokenizer.Tokenizer;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Max-activating dataset examples (registry key {@code feature_viz}): over every position
 * of every sequence of a corpus, the k positions where one feature (an MLP neuron after
 * its non-linearity, or one dimension of any per-position hook) is largest, each with the
 * sequence, position, token, value and surrounding tokens.
 */
public final class FeatureViz extends BaseInterpretabilityTool {

	private static final ParamSpec CORPUS = ParamSpec.required("corpus", "tokens[]",
			"token sequences, each with ids in [0, d_vocab); every position is scanned");

	private static final ParamSpec K = ParamSpec.optional("k", "int", "10",
			"examples to return, in [1, positions in the corpus]");

	private static final ParamSpec CONTEXT_WINDOW = ParamSpec.optional("contextWindow", "int", "5",
			"tokens shown either side of each example, in [0, n_ctx]; clipped to the sequence");

	private static final ResultSpec RESULT = new ResultSpec("TopActivations", "[k]",
			"activation value; examples sorted highest first");

	public FeatureViz(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "feature_viz";
	}

	@Override
	public String description() {
		return "Max-activating dataset examples for an MLP neuron or any per-position activation dimension.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(
				new ToolMethod("top_activations",
						"The k highest activations of one MLP neuron (blocks.L.mlp.hook_post, after the non-linearity) "
								+ "over every position of the corpus, with their tokens and context.",
						List.of(CORPUS, ParamSpec.required("layer", "int", "layer index in [0, n_layers)"),
								ParamSpec.required("neuron", "int", "MLP neuron index in [0, d_mlp)"), K,
								CONTEXT_WINDOW),
						RESULT),
				new ToolMethod("top_activations_for_hook",
						"The same for one dimension of any hook shaped [batch, pos, feature], e.g. a residual-stream "
								+ "dimension of blocks.L.hook_resid_post or a logit of logits.",
						List.of(CORPUS,
								ParamSpec.required("hookName", "string",
										"a hook shaped [batch, pos, feature], e.g. blocks.0.hook_resid_post"),
								ParamSpec.required("index", "int",
										"feature index in [0, size of the hook's last axis)"),
								K, CONTEXT_WINDOW),
						RESULT));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "top_activations" -> topActivations(args.tokenLists("corpus"), args.integer("layer"),
					args.integer("neuron"), args.integer("k"), args.integer("contextWindow"));
			case "top_activations_for_hook" -> topActivationsForHook(args.tokenLists("corpus"), args.string("hookName"),
					args.integer("index"), args.integer("k"), args.integer("contextWindow"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * The {@code k} highest activations of MLP neuron {@code neuron} of {@code layer}
	 * ({@code blocks.L.mlp.hook_post}) over the corpus, highest first.
	 */
	public TopActivations topActivations(List<long[]> corpus, int layer, int neuron, int k, int contextWindow) {
		checkLayer("layer", layer);
		checkNeuron("neuron", neuron);
		return top(corpus, HookName.of(HookPoint.MLP_POST, layer), neuron, Labels.neuron(layer, neuron), k,
				contextWindow);
	}

	/**
	 * The {@code k} highest values of dimension {@code index} of a hook shaped [batch,
	 * pos, feature] over the corpus, highest first.
	 */
	public TopActivations topActivationsForHook(List<long[]> corpus, String hookName, int index, int k,
			int contextWindow) {
		HookName hook = HookName.parse(hookName, this.model.hookNames());
		checkIndex("index", index, featureWidth(hook));
		return top(corpus, hook, index, "%s[%d]".formatted(hook, index), k, contextWindow);
	}

	private TopActivations top(List<long[]> corpus, HookName hook, int index, String label, int k, int contextWindow) {
		checkIndex("contextWindow", contextWindow, this.model.config().nCtx() + 1);
		if (corpus.isEmpty()) {
			throw new IllegalArgumentException("corpus must hold at least one sequence");
		}
		long positions = 0;
		for (int i = 0; i < corpus.size(); i++) {
			positions += checkTokens("corpus[%d]".formatted(i), corpus.get(i), 1).length;
		}
		if (k < 1 || k > positions) {
			throw new IllegalArgumentException(
					"k = %d is out of range: valid values are 1..%d (positions in the corpus)".formatted(k, positions));
		}
		List<Activation> activations = new ArrayList<>();
		for (int sequence = 0; sequence < corpus.size(); sequence++) {
			float[] values = valuesAlongPositions(corpus.get(sequence), hook, index);
			for (int position = 0; position < values.length; position++) {
				activations.add(new Activation(sequence, position, values[position]));
			}
		}
		activations.sort(Comparator.comparingDouble(Activation::value)
			.reversed()
			.thenComparingInt(Activation::sequence)
			.thenComparingInt(Activation::position));
		List<ActivatingExample> examples = activations.subList(0, k)
			.stream()
			.map(activation -> example(corpus.get(activation.sequence()), activation, contextWindow))
			.toList();
		String metric = "activation of %s[%d]: %s".formatted(hook, index, hook.point().meaning());
		return new TopActivations(hook.toString(), index, label, metric, corpus.size(), positions, examples);
	}

	/** The hook's value at {@code index} of its last axis, one per position. */
	private float[] valuesAlongPositions(long[] tokens, HookName hook, int index) {
		Integer stopAtLayer = hook.point().perBlock() ? hook.layer() + 1 : null;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), HookFilter.of(hook::equals), stopAtLayer)) {
			return run.cache()
				.get(hook)
				.get(new NDIndex("0, :, {}", index))
				.toType(DataType.FLOAT32, false)
				.toFloatArray();
		}
	}

	private ActivatingExample example(long[] tokens, Activation activation, int contextWindow) {
		int start = Math.max(0, activation.position() - contextWindow);
		int end = Math.min(tokens.length, activation.position() + contextWindow + 1);
		long[] context = Arrays.copyOfRange(tokens, start, end);
		Tokenizer tokenizer = this.model.tokenizer();
		@Nullable List<String> text = tokenizer == null ? null : List.of(tokenizer.tokenStrings(context));
		return new ActivatingExample(activation.sequence(), activation.position(), tokens[activation.position()],
				activation.value(), start, context, text);
	}

	/**
	 * The size of the hook's last axis, for hooks shaped [batch, pos, feature] only.
	 */
	private int featureWidth(HookName hook) {
		String[] dims = hook.point().dims().split(" ");
		if (dims.length != 3 || !dims[1].equals("pos")) {
			throw new IllegalArgumentException(
					"hookName = %s has dimensions [%s]; top activations need a hook shaped [batch, pos, feature], "
						.formatted(hook, String.join(", ", dims))
							+ "e.g. blocks.0.hook_resid_post, blocks.0.mlp.hook_post or hook_embed");
		}
		HookedAutoConfig config = this.model.config();
		return switch (dims[2]) {
			case "d_model" -> config.dModel();
			case "d_mlp" -> config.dMlp();
			case "d_vocab" -> config.dVocab();
			case "1" -> 1;
			default -> throw new IllegalStateException("unknown feature axis " + dims[2] + " of " + hook);
		};
	}

	private record Activation(int sequence, int position, float value) {
	}

}
