package dev.arrakis.engine.config;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.ndarray.NDArray;

/** One constant per formula; the Hugging Face names that mean each formula are listed in {@link #fromHf}. */
public enum Activation {

	/** 0.5 x (1 + erf(x / sqrt 2)): HF {@code gelu}. */
	GELU_EXACT {
		@Override
		public NDArray apply(NDArray x) {
			return x.mul(x.mul(INV_SQRT_2).erf().add(1f)).mul(0.5f);
		}
	},
	/** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): HF {@code gelu_new}, {@code gelu_pytorch_tanh}. */
	GELU_TANH {
		@Override
		public NDArray apply(NDArray x) {
			NDArray inner = x.add(x.pow(3f).mul(0.044715f)).mul(SQRT_2_OVER_PI);
			return x.mul(inner.tanh().add(1f)).mul(0.5f);
		}
	},
	/** x sigmoid(x): HF {@code silu}, {@code swish}. */
	SILU {
		@Override
		public NDArray apply(NDArray x) {
			return x.mul(x.getNDArrayInternal().sigmoid());
		}
	},
	/** max(x, 0). */
	RELU {
		@Override
		public NDArray apply(NDArray x) {
			return x.maximum(0f);
		}
	};

	private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));

	private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

	public abstract NDArray apply(NDArray x);

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

	static String supported() {
		return Arrays.toString(values());
	}

}
