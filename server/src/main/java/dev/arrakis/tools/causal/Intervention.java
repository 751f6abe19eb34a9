package dev.arrakis.tools.causal;

import dev.arrakis.tools.Labels;

/**
 * One edit of a forward pass, applied through a hook for one call only: an MLP neuron
 * (blocks.L.mlp.hook_post) set to a value or scaled, or an attention head's output
 * (blocks.L.attn.hook_z, before W_O) scaled. {@code position} -1 applies it at every
 * position.
 */
public sealed interface Intervention {

	/** Every position, as a {@code position} value. */
	int ALL_POSITIONS = -1;

	int layer();

	int position();

	/** What it does, e.g. {@code L0N17 at position 3 set to 0.5}. */
	String describe();

	/** MLP neuron {@code neuron} of {@code layer} set to {@code value} (hook_post). */
	record NeuronValue(int layer, int neuron, int position, double value) implements Intervention {

		@Override
		public String describe() {
			return "%s %s set to %s".formatted(Labels.neuron(this.layer, this.neuron), where(this.position),
					this.value);
		}

	}

	/** MLP neuron {@code neuron} of {@code layer} multiplied by {@code factor}. */
	record NeuronScale(int layer, int neuron, int position, double factor) implements Intervention {

		@Override
		public String describe() {
			return "%s %s scaled by %s".formatted(Labels.neuron(this.layer, this.neuron), where(this.position),
					this.factor);
		}

	}

	/**
	 * Head {@code head}'s z multiplied by {@code factor}; 0 is zero ablation (b_O belongs
	 * to the layer and stays).
	 */
	record HeadScale(int layer, int head, int position, double factor) implements Intervention {

		@Override
		public String describe() {
			return "%s z %s scaled by %s".formatted(Labels.head(this.layer, this.head), where(this.position),
					this.factor);
		}

	}

	private static String where(int position) {
		return position == ALL_POSITIONS ? "at every position" : "at position " + position;
	}

}
