package dev.arrakis.tools.surgery;

import java.util.List;

import dev.arrakis.engine.HookedAutoModel;

/**
 * One block-level edit, as data: what the REST surface and {@link ModelSurgery#evaluate}
 * take.
 */
public sealed interface SurgeryPlan {

	static SurgeryPlan deleteBlocks(List<Integer> layers) {
		return new DeleteBlocks(layers);
	}

	static SurgeryPlan permuteBlocks(List<Integer> order) {
		return new PermuteBlocks(order);
	}

	static SurgeryPlan replaceBlock(int target, int source) {
		return new ReplaceBlock(target, source);
	}

	/**
	 * The derived model this plan describes; the caller closes it.
	 */
	HookedAutoModel applyTo(ModelSurgery surgery);

	/** e.g. {@code delete blocks [1]}. */
	String describe();

	/** The blocks at {@code layers} removed; the rest keep their order. */
	record DeleteBlocks(List<Integer> layers) implements SurgeryPlan {

		public DeleteBlocks {
			layers = List.copyOf(layers);
		}

		@Override
		public HookedAutoModel applyTo(ModelSurgery surgery) {
			return surgery.deleteBlocks(this.layers);
		}

		@Override
		public String describe() {
			return "delete blocks " + this.layers;
		}

	}

	/** Block i of the result is block {@code order.get(i)} of the model. */
	record PermuteBlocks(List<Integer> order) implements SurgeryPlan {

		public PermuteBlocks {
			order = List.copyOf(order);
		}

		@Override
		public HookedAutoModel applyTo(ModelSurgery surgery) {
			return surgery.permuteBlocks(this.order);
		}

		@Override
		public String describe() {
			return "permute blocks to " + this.order;
		}

	}

	/** Block {@code target} gets block {@code source}'s weights. */
	record ReplaceBlock(int target, int source) implements SurgeryPlan {

		@Override
		public HookedAutoModel applyTo(ModelSurgery surgery) {
			return surgery.replaceBlock(this.target, this.source);
		}

		@Override
		public String describe() {
			return "replace block %d with block %d".formatted(this.target, this.source);
		}

	}

}
