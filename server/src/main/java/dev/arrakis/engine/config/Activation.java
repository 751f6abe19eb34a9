package dev.arrakis.engine.config;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One constant per formula; the Hugging Face names that mean each formula are listed in
 * {@link #fromHf}. Each {@link #apply} leaves its input untouched and updates only its
 * own temporaries in place.
 */
public enum Activation {

	/**
	 * 0.5 x (1 + erf(x / sqrt 2)): HF {@code gelu}; torch's fused gelu kernel, as Hugging
	 * Face runs it.
	 */
	GELU_EXACT {
		@Override
		public NDArray apply(NDArray x) {
			return x.getNDArrayInternal().gelu();
		}
	},
	/**
	 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): HF {@code gelu_new},
	 * {@code gelu_pytorch_tanh}.
	 */
	GELU_TANH {
		@Override
		public NDArray apply(NDArray x) {
			// x^3 as x * x * x, which is what torch.pow(x, 3.0) computes; DJL's pow(3f)
			// takes the general pow kernel
			// (about 3x slower, and an ulp off now and then).
			NDArray inner = x.mul(x).muli(x).muli(0.044715f).addi(x).muli(SQRT_2_OVER_PI);
			NDArray out = inner.tanh();
			if (recordingGradients()) {
				// Recording for a backward pass: tanh's backward reads its output, which
				// must stay as it was.
				return out.add(1f).mul(x).mul(0.5f);
			}
			inner.close();
			return out.addi(1f).muli(x).muli(0.5f);
		}
	},
	/** x sigmoid(x): HF {@code silu}, {@code swish}. */
	SILU {
		@Override
		public NDArray apply(NDArray x) {
			NDArray sigmoid = x.getNDArrayInternal().sigmoid();
			// sigmoid's backward reads its output: keep it intact when a backward pass
			// is being recorded.
			return recordingGradients() ? sigmoid.mul(x) : sigmoid.muli(x);
		}
	},
	/** max(x, 0). */
	RELU {
		@Override
		public NDArray apply(NDArray x) {
			return x.maximum(0f);
		}
	};

	private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

	public abstract NDArray apply(NDArray x);

	/**
	 * Whether a backward pass is being recorded (a gradient collector is open): then no
	 * operation may overwrite an output that autograd reads back.
	 */
	private static boolean recordingGradients() {
		return JniUtils.isGradMode();
	}

	public static Activation fromHf(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "gelu" -> GELU_EXACT;
			case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
			case "silu", "swish" -> SILU;
			case "relu" -> RELU;
			default -> throw new IllegalArgumentException("Unsupported activation '%s'; supported: gelu, gelu_new, "
					+ "gelu_pytorch_tanh, gelu_fast, silu, swish, relu".formatted(name));
		};
	}

}
