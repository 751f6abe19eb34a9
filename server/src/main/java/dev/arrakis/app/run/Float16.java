package dev.arrakis.app.run;

/**
 * IEEE 754 half precision, for Java 17 (which lacks {@code Float.floatToFloat16}):
 * round-to-nearest-even, with subnormals, infinities and NaN.
 */
final class Float16 {

	private Float16() {
	}

	/** The nearest half-precision value's 16 bits. */
	static short fromFloat(float value) {
		int bits = Float.floatToRawIntBits(value);
		int sign = (bits >>> 16) & 0x8000;
		int exponent = (bits >>> 23) & 0xff;
		int mantissa = bits & 0x7fffff;
		if (exponent == 0xff) {
			return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
		}
		int halfExponent = exponent - 127 + 15;
		if (halfExponent >= 0x1f) {
			return (short) (sign | 0x7c00);
		}
		if (halfExponent <= 0) {
			if (halfExponent < -10) {
				return (short) sign;
			}
			int full = mantissa | 0x800000;
			int shift = 14 - halfExponent;
			int half = full >>> shift;
			int remainder = full & ((1 << shift) - 1);
			int halfway = 1 << (shift - 1);
			if (remainder > halfway || (remainder == halfway && (half & 1) == 1)) {
				half++;
			}
			return (short) (sign | half);
		}
		int half = (halfExponent << 10) | (mantissa >>> 13);
		int remainder = mantissa & 0x1fff;
		if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) == 1)) {
			half++;
		}
		return (short) (sign | half);
	}

	/** The float a half-precision value's 16 bits stand for (exact). */
	static float toFloat(short half) {
		int bits = half & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1f;
		int mantissa = bits & 0x3ff;
		if (exponent == 0x1f) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			float magnitude = mantissa * 0x1p-24f;
			return sign == 0 ? magnitude : -magnitude;
		}
		return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
	}

	/** Every value rounded to half precision and widened back. */
	static float[] round(float[] values) {
		float[] rounded = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			rounded[i] = toFloat(fromFloat(values[i]));
		}
		return rounded;
	}

}
