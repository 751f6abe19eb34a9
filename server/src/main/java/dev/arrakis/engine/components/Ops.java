package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.config.Activation;

/**
 * Fused or allocation-free forms of the forward pass's hot operations, for the components only. Each returns what the
 * plain NDArray expression in its comment returns, to within float rounding of the fused kernel (see each method).
 */
final class Ops {

	private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

	private Ops() {
	}

	/**
	 * {@code x.matMul(w).add(b)} as one {@code addmm} (torch.nn.functional.linear): the bias is written into the
	 * product's output instead of costing a second pass and a second array. {@code w} is [in, out], as the components
	 * keep it; its transposed view is what linear expects, and linear transposes it back without a copy.
	 */
	static NDArray linear(NDArray x, NDArray w, NDArray b) {
		return x.getNDArrayInternal().linear(x, w.transpose(), b).singletonOrThrow();
	}

	/**
	 * {@code activation.apply(x)} for a fresh {@code x}-derived result: the same operations in the same order, but the
	 * temporaries are updated in place (no new array per step). Bit-identical to {@link Activation#apply}: only
	 * commutative operands are swapped. {@code x} itself is never modified.
	 */
	static NDArray activate(Activation activation, NDArray x) {
		return switch (activation) {
			case GELU_TANH -> {
				// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
				NDArray inner = x.pow(3f).muli(0.044715f).addi(x).muli(SQRT_2_OVER_PI);
				NDArray out = inner.tanh();
				inner.close();
				yield out.addi(1f).muli(x).muli(0.5f);
			}
			case SILU -> x.getNDArrayInternal().sigmoid().muli(x);
			default -> activation.apply(x);
		};
	}

}
