package dev.arrakis.engine;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.hooks.ActivationCache;

/**
 * The output of one call and its activation cache, valid until {@link #close()} frees the
 * call's native memory. Copy what must outlive it (e.g. {@code output().toFloatArray()})
 * first.
 */
public final class RunResult implements AutoCloseable {

	private final ForwardContext context;

	private final NDArray output;

	RunResult(ForwardContext context, NDArray output) {
		this.context = context;
		this.output = output;
	}

	/**
	 * Logits [batch, pos, d_vocab], or the residual stream [batch, pos, d_model] if the
	 * run stopped early.
	 */
	public NDArray output() {
		return this.output;
	}

	public ActivationCache cache() {
		return this.context.cache();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
