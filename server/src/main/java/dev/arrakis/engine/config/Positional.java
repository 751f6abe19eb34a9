package dev.arrakis.engine.config;

/** How token positions enter the model. */
public sealed interface Positional permits Positional.Learned, Positional.Rotary {

	/** Whether W_pos exists (and with it {@code hook_pos_embed}). */
	boolean learned();

	/**
	 * A learned absolute embedding W_pos [n_ctx, d_model] added to the token embedding
	 * (GPT-2, GPT-Neo).
	 */
	record Learned() implements Positional {

		@Override
		public boolean learned() {
			return true;
		}

	}

	/**
	 * Rotary embeddings on the first {@code rotaryDim} dimensions of each query and key
	 * head, in the "rotate half" layout (dimension i pairs with i + rotaryDim/2), as in
	 * Llama and GPT-NeoX.
	 *
	 * @param rotaryDim rotated dimensions per head (even, at most d_head)
	 * @param base the frequency base theta
	 */
	record Rotary(int rotaryDim, double base) implements Positional {

		public Rotary {
			if (rotaryDim <= 0 || rotaryDim % 2 != 0) {
				throw new IllegalArgumentException("rotary_dim must be a positive even number, got " + rotaryDim);
			}
			if (!(base > 0)) {
				throw new IllegalArgumentException("rope_theta must be positive, got " + base);
			}
		}

		@Override
		public boolean learned() {
			return false;
		}

	}

}
