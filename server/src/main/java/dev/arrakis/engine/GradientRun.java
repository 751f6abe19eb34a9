package dev.arrakis.engine;

import java.util.Map;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.hooks.HookName;

/**
 * One forward and backward pass: the objective's value, and at each requested hook the
 * activation and the gradient of the objective with respect to it (the total derivative,
 * through every later layer). Valid until {@link #close()} frees the call's native
 * memory.
 */
public final class GradientRun implements AutoCloseable {

	private final ForwardContext context;

	private final NDArray logits;

	private final double objective;

	private final Map<HookName, NDArray> activations;

	private final Map<HookName, NDArray> gradients;

	GradientRun(ForwardContext context, NDArray logits, double objective, Map<HookName, NDArray> activations,
			Map<HookName, NDArray> gradients) {
		this.context = context;
		this.logits = logits;
		this.objective = objective;
		this.activations = Map.copyOf(activations);
		this.gradients = Map.copyOf(gradients);
	}

	/** Logits [batch, pos, d_vocab]. */
	public NDArray logits() {
		return this.logits;
	}

	public double objective() {
		return this.objective;
	}

	/** The activation at {@code name} (after the call's own hooks). */
	public NDArray activation(HookName name) {
		return require(this.activations, name);
	}

	/** d objective / d activation at {@code name}, the activation's shape. */
	public NDArray gradient(HookName name) {
		return require(this.gradients, name);
	}

	private static NDArray require(Map<HookName, NDArray> values, HookName name) {
		NDArray value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException(
					"no gradient was recorded at %s; recorded: %s".formatted(name, values.keySet()));
		}
		return value;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
