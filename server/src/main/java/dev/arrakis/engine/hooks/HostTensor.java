package dev.arrakis.engine.hooks;

import java.util.Arrays;

/**
 * An activation copied to the Java heap: float32 values in row-major order with their
 * shape. What crosses from the engine to callers that outlive a call (the REST API,
 * experiment records).
 *
 * @param shape the dimensions, e.g. [batch, pos, d_model]
 * @param data the values, row-major, {@code product(shape)} long
 */
public record HostTensor(long[] shape, float[] data) {

	public HostTensor {
		long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
		if (size != data.length) {
			throw new IllegalArgumentException(
					"shape %s holds %d values, got %d".formatted(Arrays.toString(shape), size, data.length));
		}
		shape = shape.clone();
	}

	/** The value at a full index, e.g. {@code get(0, 3, 17)}. */
	public float get(long... index) {
		if (index.length != this.shape.length) {
			throw new IllegalArgumentException("index %s has %d dimensions; shape %s has %d"
				.formatted(Arrays.toString(index), index.length, Arrays.toString(this.shape), this.shape.length));
		}
		long flat = 0;
		for (int d = 0; d < index.length; d++) {
			if (index[d] < 0 || index[d] >= this.shape[d]) {
				throw new IndexOutOfBoundsException(
						"index %d of dimension %d is outside [0, %d)".formatted(index[d], d, this.shape[d]));
			}
			flat = flat * this.shape[d] + index[d];
		}
		return this.data[Math.toIntExact(flat)];
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof HostTensor that && Arrays.equals(this.shape, that.shape)
				&& Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.shape) + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "HostTensor" + Arrays.toString(this.shape);
	}

}
