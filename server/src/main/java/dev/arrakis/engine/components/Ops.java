package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The forward pass's affine map, shared by every component. */
final class Ops {

	private Ops() {
	}

	/**
	 * {@code x W + b} with the bias added in place to the fresh product: the same values
	 * as {@code x.matMul(w).add(b)}, bit for bit, one array fewer. (torch's fused addmm
	 * saves nothing on the CPU: it copies the bias into the output first and accumulates
	 * into it.)
	 */
	static NDArray linear(NDArray x, NDArray w, NDArray b) {
		return x.matMul(w).addi(b);
	}

	/**
	 * A copy of a model's array owned by {@code into}. The model's own scope is capped,
	 * so an operation whose first operand is a weight cannot run there; the copy can.
	 */
	static NDArray copy(NDArray weight, NDManager into) {
		return into.zeros(weight.getShape(), weight.getDataType()).addi(weight);
	}

}
