package dev.arrakis.tools.causal;

import dev.arrakis.engine.HookedAutoConfig;

/**
 * How many patched runs share one forward pass. A pass keeps every intermediate array
 * until it ends, so a batch is bounded both by a row count and by an estimate of the
 * activation bytes a row needs.
 *
 * @param maxBatch the most rows (patched runs) in one forward pass; 1 runs them one by
 * one
 * @param maxBytes the most estimated activation bytes of one forward pass
 */
public record SweepBatching(int maxBatch, long maxBytes) {

	/** 32 rows, at most 512 MiB of estimated activations per pass. */
	public static final SweepBatching DEFAULT = new SweepBatching(32, 512L << 20);

	/** One forward pass per patched run: the reference the batched sweep must match. */
	public static final SweepBatching SERIAL = new SweepBatching(1, Long.MAX_VALUE);

	public SweepBatching {
		if (maxBatch < 1) {
			throw new IllegalArgumentException(
					"maxBatch = %d is out of range: valid values are 1..%d".formatted(maxBatch, Integer.MAX_VALUE));
		}
		if (maxBytes < 1) {
			throw new IllegalArgumentException(
					"maxBytes = %d is out of range: valid values are 1..%d".formatted(maxBytes, Long.MAX_VALUE));
		}
	}

	/**
	 * Rows per forward pass for sequences of {@code length} tokens: at least one, at most
	 * {@link #maxBatch}, and within {@link #maxBytes} by {@link #bytesPerRow}.
	 */
	public int rowsPerPass(HookedAutoConfig config, int length) {
		long byBytes = Math.max(1, this.maxBytes / bytesPerRow(config, length));
		return (int) Math.min(this.maxBatch, byBytes);
	}

	/**
	 * A rough upper estimate of the float32 bytes one row leaves alive in a forward pass:
	 * per layer about a dozen d_model-wide and three d_mlp-wide activations per position
	 * plus three [n_heads, pos] attention maps per position, and two d_vocab-wide rows
	 * (logits, log-probabilities) per position.
	 */
	static long bytesPerRow(HookedAutoConfig config, int length) {
		long perPosition = (long) config.nLayers()
				* (12L * config.dModel() + 3L * config.dMlp() + 3L * config.nHeads() * length) + 2L * config.dVocab();
		return Float.BYTES * perPosition * length;
	}

}
