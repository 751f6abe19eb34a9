package dev.arrakis.app.run;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.hooks.HookName;

/**
 * The memory a run's result takes as float32, estimated before it runs: for every
 * selected hook, the product of its axes with the positions and heads narrowed (an
 * attention pattern is batch x heads x positions x all key positions), plus the logits
 * (batch x positions x vocabulary) the predictions are read from.
 *
 * @param activationBytes the selected activations
 * @param logitBytes the logits (0 when the run stops before the unembedding)
 */
public record MemoryEstimate(long activationBytes, long logitBytes) {

	static final int FLOAT32_BYTES = 4;

	public static MemoryEstimate of(ActivationSelection selection, HookedAutoConfig config, int batch, int length) {
		long activations = 0;
		for (HookName hook : selection.hooks()) {
			activations = Math.addExact(activations, bytes(hook, selection, config, batch, length));
		}
		long logits = selection.stopAtLayer() != null ? 0
				: Math.multiplyExact(Math.multiplyExact((long) batch, selection.positionCount(length)),
						(long) config.dVocab() * FLOAT32_BYTES);
		return new MemoryEstimate(activations, logits);
	}

	/** The bytes one selected hook returns. */
	static long bytes(HookName hook, ActivationSelection selection, HookedAutoConfig config, int batch, int length) {
		HookDims dims = HookDims.of(hook, config, batch, length);
		long[] sizes = dims.sizes().clone();
		sizes[dims.positionAxis()] = selection.positionCount(length);
		if (dims.headAxis() >= 0 && selection.heads() != null) {
			sizes[dims.headAxis()] = selection.heads().size();
		}
		long bytes = FLOAT32_BYTES;
		for (long size : sizes) {
			bytes = Math.multiplyExact(bytes, size);
		}
		return bytes;
	}

	public long totalBytes() {
		return Math.addExact(this.activationBytes, this.logitBytes);
	}

}
