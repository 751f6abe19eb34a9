package dev.arrakis.tools.surgery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Block-level surgery (registry key {@code surgery}), as in tuned-lens's
 * {@code model_surgery}: delete, reorder or replace decoder blocks. Every operation
 * builds a derived, independent copy of the model with {@link HookedAutoModel#derive};
 * the model itself is never changed, so there is nothing to restore. The Java methods
 * return the derived model, which the caller closes.
 */
public final class ModelSurgery extends BaseInterpretabilityTool {

	private static final ParamSpec PLAN = ParamSpec.required("plan", "surgery_plan", JsonForms.SURGERY_PLAN);

	private static final ParamSpec DATASET = ParamSpec.required("dataset", "tokens[]",
			"token sequences, each with ids in [0, d_vocab); the metric is averaged over them");

	private static final ParamSpec METRIC = ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC);

	public ModelSurgery(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "surgery";
	}

	@Override
	public String description() {
		return "Deletes, reorders or replaces decoder blocks on a derived copy of the model and measures the effect.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("evaluate_surgery",
				"Builds a copy of the model with the plan applied (blocks deleted, permuted, or one block given "
						+ "another's weights), evaluates the metric on every sequence with the original and the copy, "
						+ "and reports both means and their difference. The model itself is never changed.",
				List.of(PLAN, DATASET, METRIC),
				new ResultSpec("SurgeryEffect", "[]", "metric units; delta = modified - original")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "evaluate_surgery" ->
				evaluate(args.surgeryPlan("plan"), args.tokenLists("dataset"), args.metric("metric"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * A copy of the model without the blocks at {@code layers}; the remaining blocks keep
	 * their order.
	 */
	public HookedAutoModel deleteBlocks(List<Integer> layers) {
		int blocks = this.model.config().nLayers();
		if (layers.isEmpty()) {
			throw new IllegalArgumentException("layers must name at least one block to delete");
		}
		boolean[] deleted = new boolean[blocks];
		for (int i = 0; i < layers.size(); i++) {
			int layer = checkLayer("layers[%d]".formatted(i), Objects.requireNonNull(layers.get(i)));
			if (deleted[layer]) {
				throw new IllegalArgumentException("layers lists block %d twice".formatted(layer));
			}
			deleted[layer] = true;
		}
		List<Integer> kept = IntStream.range(0, blocks).filter(layer -> !deleted[layer]).boxed().toList();
		if (kept.isEmpty()) {
			throw new IllegalArgumentException(
					"layers would delete all %d blocks; at least one must remain".formatted(blocks));
		}
		return rearranged(kept, "delete blocks " + layers);
	}

	/**
	 * A copy of the model whose block i is block {@code order.get(i)}.
	 * @param order a permutation of 0 .. n_layers - 1
	 */
	public HookedAutoModel permuteBlocks(List<Integer> order) {
		int blocks = this.model.config().nLayers();
		if (order.size() != blocks) {
			throw new IllegalArgumentException(
					"order has %d entries; a permutation of the model's blocks needs %d (each of 0..%d once)"
						.formatted(order.size(), blocks, blocks - 1));
		}
		int[] uses = new int[blocks];
		for (int i = 0; i < order.size(); i++) {
			uses[checkLayer("order[%d]".formatted(i), Objects.requireNonNull(order.get(i)))]++;
		}
		List<Integer> repeated = IntStream.range(0, blocks).filter(layer -> uses[layer] > 1).boxed().toList();
		if (!repeated.isEmpty()) {
			List<Integer> missing = IntStream.range(0, blocks).filter(layer -> uses[layer] == 0).boxed().toList();
			throw new IllegalArgumentException("order %s is not a permutation of 0..%d: it repeats %s and leaves out %s"
				.formatted(order, blocks - 1, repeated, missing));
		}
		return rearranged(order, "permute blocks to " + order);
	}

	/**
	 * A copy of the model whose block {@code target} has block {@code source}'s weights.
	 */
	public HookedAutoModel replaceBlock(int target, int source) {
		checkLayer("target", target);
		checkLayer("source", source);
		List<Integer> layers = new ArrayList<>(identity());
		layers.set(target, source);
		return rearranged(layers, "replace block %d with block %d".formatted(target, source));
	}

	/**
	 * A copy of the model whose block {@code target} has block {@code donorLayer} of
	 * {@code donor}'s weights (cast to this model's type). The donor must have this
	 * model's block dimensions, norm and MLP kind; the transplanted block runs with this
	 * model's activation, positions and attention type at {@code target}.
	 */
	public HookedAutoModel replaceBlockFrom(int target, HookedAutoModel donor, int donorLayer) {
		checkLayer("target", target);
		checkIndex("donorLayer", donorLayer, donor.config().nLayers());
		checkSameBlockShape(donor);
		HookedAutoConfig config = this.model.config().withLayers(identity());
		return this.model.derive(
				"%s (block %d from %s block %d)".formatted(this.model.name(), target, donor.name(), donorLayer), config,
				BlockWeights.transplanted(this.model, target, donor, donorLayer));
	}

	/**
	 * Derives the plan's model, evaluates {@code metric} on every sequence of
	 * {@code dataset} with the original and the derived model, and closes the derived
	 * model.
	 */
	public SurgeryEffect evaluate(SurgeryPlan plan, List<long[]> dataset, Metric metric) {
		if (dataset.isEmpty()) {
			throw new IllegalArgumentException("dataset must hold at least one sequence");
		}
		for (int i = 0; i < dataset.size(); i++) {
			checkTokens("dataset[%d]".formatted(i), dataset.get(i), 1);
			metric.validate(dataset.get(i).length, this.model.config().dVocab());
		}
		try (HookedAutoModel derived = plan.applyTo(this)) {
			double original = meanMetric(this.model, dataset, metric);
			double modified = meanMetric(derived, dataset, metric);
			return new SurgeryEffect(plan.describe(), metric.describe(), dataset.size(), original, modified,
					modified - original, this.model.config().nLayers(), derived.config().nLayers());
		}
	}

	private static double meanMetric(HookedAutoModel model, List<long[]> dataset, Metric metric) {
		double sum = 0;
		for (long[] tokens : dataset) {
			try (RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
				sum += metric.evaluate(run.output(), 0, tokens);
			}
		}
		return sum / dataset.size();
	}

	private HookedAutoModel rearranged(List<Integer> layers, String description) {
		List<Integer> copy = List.copyOf(layers);
		return this.model.derive("%s (%s)".formatted(this.model.name(), description),
				this.model.config().withLayers(copy), BlockWeights.rearranged(this.model, copy));
	}

	private List<Integer> identity() {
		return IntStream.range(0, this.model.config().nLayers()).boxed().toList();
	}

	private void checkSameBlockShape(HookedAutoModel donor) {
		HookedAutoConfig ours = this.model.config();
		HookedAutoConfig theirs = donor.config();
		List<String> differences = new ArrayList<>();
		compare(differences, "d_model", ours.dModel(), theirs.dModel());
		compare(differences, "n_heads", ours.nHeads(), theirs.nHeads());
		compare(differences, "n_key_value_heads", ours.nKeyValueHeads(), theirs.nKeyValueHeads());
		compare(differences, "d_head", ours.dHead(), theirs.dHead());
		compare(differences, "d_mlp", ours.dMlp(), theirs.dMlp());
		compare(differences, "norm", ours.norm(), theirs.norm());
		compare(differences, "mlp", ours.mlp(), theirs.mlp());
		if (!differences.isEmpty()) {
			throw new IllegalArgumentException("donor %s cannot give a block to %s: %s".formatted(donor.name(),
					this.model.name(), String.join(", ", differences)));
		}
	}

	private static void compare(List<String> differences, String field, Object ours, Object theirs) {
		if (!ours.equals(theirs)) {
			differences.add("%s is %s here but %s in the donor".formatted(field, ours, theirs));
		}
	}

}
