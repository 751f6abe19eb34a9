package dev.arrakis.tools.sparsity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * MLP sparsity (registry key {@code sparsity}): how often each neuron fires, which never
 * do, and what magnitude pruning of the MLP weights costs. Pruning masks a derived copy;
 * the model is never changed.
 */
public final class SparsityAnalyzer extends BaseInterpretabilityTool {

	private static final ParamSpec DATASET = ParamSpec.required("dataset", "tokens[]",
			"token sequences, at least one, each of token ids in [0, d_vocab)");

	public SparsityAnalyzer(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "sparsity";
	}

	@Override
	public String description() {
		return "MLP neuron sparsity (firing frequency, dead neurons) and magnitude pruning of MLP weights on a masked copy.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("activation_sparsity",
				"Per layer, the fraction of MLP neurons (mlp.hook_post) with |activation| <= threshold, averaged over "
						+ "every position of every sequence; per neuron, the fraction of positions where "
						+ "|activation| > threshold; dead neurons never exceed it.",
				List.of(DATASET, ParamSpec.optional("threshold", "double", "0",
						"activation magnitude, >= 0; 0 counts exact zeros (ReLU), GELU/SiLU neurons need a small positive value")),
				new ResultSpec("ActivationSparsity", "[n_layers, d_mlp]", "fraction of positions in [0, 1]")),
				new ToolMethod("magnitude_pruning",
						"Zeroes the given fraction of the smallest-magnitude MLP weights (W_in, W_gate when gated, W_out) "
								+ "through a mask in a copy of the model, and reports the sparsity each matrix reached and "
								+ "the metric, averaged over the dataset, before and after. The model is not changed.",
						List.of(DATASET,
								ParamSpec.required("fraction", "double", "fraction of weights to prune, in [0, 1]"),
								ParamSpec.optional("scope", "string", "global",
										"global (all MLP matrices ranked together) | per_layer (each matrix on its own)"),
								ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC)),
						new ResultSpec("MagnitudePruning", "[n_matrices]",
								"fraction of zero weights in [0, 1]; metric units for before/after")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "activation_sparsity" -> activationSparsity(args.tokenLists("dataset"), args.real("threshold"));
			case "magnitude_pruning" -> magnitudePruning(args.tokenLists("dataset"), args.real("fraction"),
					args.choice("scope", PruningScope.class), args.metric("metric"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Neuron sparsity of every layer's {@code mlp.hook_post} over every position of every
	 * sequence of {@code dataset}; a neuron fires where |activation| > threshold.
	 * <p>
	 * Partial result ({@link ForwardWatch#reportPartial}): after each sequence, the
	 * {@link ActivationSparsity} of the sequences done so far, exactly what this method
	 * returns for that first part of the dataset ({@code positions} says how many
	 * positions it counts; the last report is the result). Its numbers are running
	 * statistics, not a prefix of the final arrays: a neuron listed dead may still fire
	 * in a later sequence.
	 */
	public ActivationSparsity activationSparsity(List<long[]> dataset, double threshold) {
		checkDataset(dataset);
		if (!(threshold >= 0) || Double.isInfinite(threshold)) {
			throw new IllegalArgumentException(
					"threshold = %s is out of range: valid values are finite and >= 0".formatted(threshold));
		}
		int layers = this.model.config().nLayers();
		int neurons = this.model.config().dMlp();
		long[][] firing = new long[layers][neurons];
		long positions = 0;
		HookFilter filter = HookFilter.of(name -> name.point() == HookPoint.MLP_POST);
		for (long[] sequence : dataset) {
			try (RunResult run = this.model.runWithCache(ModelInput.of(sequence), filter, null)) {
				for (int layer = 0; layer < layers; layer++) {
					NDArray post = run.cache().get(HookName.of(HookPoint.MLP_POST, layer));
					long[] counts = post.toType(DataType.FLOAT32, false)
						.abs()
						.gt(threshold)
						.toType(DataType.INT64, false)
						.sum(new int[] { 0, 1 })
						.toLongArray();
					for (int neuron = 0; neuron < neurons; neuron++) {
						firing[layer][neuron] += counts[neuron];
					}
				}
			}
			positions += sequence.length;
			ForwardWatch.reportPartial(activationSparsity(firing, positions, threshold));
		}
		return activationSparsity(firing, positions, threshold);
	}

	/** The sparsity of {@code firing} [layer][neuron] counts over {@code positions}. */
	private static ActivationSparsity activationSparsity(long[][] firing, long positions, double threshold) {
		int layers = firing.length;
		float[] sparsity = new float[layers];
		float[][] frequency = new float[layers][];
		List<String> labels = new ArrayList<>();
		List<String> dead = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			int neurons = firing[layer].length;
			frequency[layer] = new float[neurons];
			long fired = 0;
			for (int neuron = 0; neuron < neurons; neuron++) {
				fired += firing[layer][neuron];
				frequency[layer][neuron] = (float) ((double) firing[layer][neuron] / positions);
				if (firing[layer][neuron] == 0) {
					dead.add(Labels.neuron(layer, neuron));
				}
			}
			sparsity[layer] = (float) (1 - (double) fired / ((double) positions * neurons));
			labels.add(Labels.mlp(layer));
		}
		return new ActivationSparsity(
				"fraction of MLP neurons (mlp.hook_post) with |activation| <= %s, mean over positions"
					.formatted(threshold),
				threshold, positions, labels, sparsity, frequency, dead);
	}

	/**
	 * Prunes {@code fraction} of the smallest-magnitude MLP weights in a masked copy of
	 * the model and measures {@code metric}, averaged over the dataset's sequences, on
	 * the model and on the copy.
	 */
	public MagnitudePruning magnitudePruning(List<long[]> dataset, double fraction, PruningScope scope, Metric metric) {
		checkDataset(dataset);
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException(
					"fraction = %s is out of range: valid values are 0..1".formatted(fraction));
		}
		for (long[] sequence : dataset) {
			metric.validate(sequence.length, this.model.config().dVocab());
		}
		MagnitudePruner pruner = new MagnitudePruner(this.model);
		List<String> matrices = MagnitudePruner.matrices(this.model.config());
		long[] sizes = new long[matrices.size()];
		float[] achieved = new float[matrices.size()];
		long zeros = 0;
		long total = 0;
		double before = meanMetric(this.model, dataset, metric);
		double after;
		try (ForwardContext context = this.model.newContext(Hooks.none())) {
			NDManager manager = context.manager();
			Map<String, NDArray> masks = pruner.keepMasks(fraction, scope, manager);
			for (int i = 0; i < matrices.size(); i++) {
				NDArray keep = masks.get(matrices.get(i));
				long matrixZeros = MagnitudePruner.zeros(this.model.weight(matrices.get(i), manager), keep);
				sizes[i] = keep.getShape().size();
				achieved[i] = (float) ((double) matrixZeros / sizes[i]);
				zeros += matrixZeros;
				total += sizes[i];
			}
			try (HookedAutoModel pruned = pruner.prunedCopy(masks)) {
				after = meanMetric(pruned, dataset, metric);
			}
		}
		return new MagnitudePruning(scope.name().toLowerCase(), fraction, matrices, sizes, achieved,
				(double) zeros / total, metric.describe(), before, after, after - before);
	}

	private static double meanMetric(HookedAutoModel source, List<long[]> dataset, Metric metric) {
		double sum = 0;
		for (long[] sequence : dataset) {
			try (RunResult run = source.runWithHooks(ModelInput.of(sequence), Hooks.none())) {
				sum += metric.evaluate(run.output(), 0, sequence);
			}
		}
		return sum / dataset.size();
	}

	private void checkDataset(List<long[]> dataset) {
		if (dataset.isEmpty()) {
			throw new IllegalArgumentException("dataset must hold at least one token sequence, got none");
		}
		for (int i = 0; i < dataset.size(); i++) {
			checkTokens("dataset[%d]".formatted(i), dataset.get(i), 1);
		}
	}

}
