package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import dev.arrakis.app.web.InvalidFieldProblem;

/**
 * An intervention's {@code value} read from JSON (a number or a rectangular nested array)
 * as a shape and row-major float32 data.
 *
 * @param shape the dimensions; empty for a number
 * @param data the values
 */
record ValueTensor(long[] shape, float[] data) {

	static ValueTensor parse(Object json, String field) {
		List<Long> shape = new ArrayList<>();
		Object level = json;
		while (level instanceof List<?> list) {
			if (list.isEmpty()) {
				throw new InvalidFieldProblem(field, field + " has an empty array; give numbers");
			}
			shape.add((long) list.size());
			level = list.get(0);
		}
		long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
		long size = Arrays.stream(dims).reduce(1, Math::multiplyExact);
		if (size > Integer.MAX_VALUE - 8) {
			throw new InvalidFieldProblem(field, field + " is too large");
		}
		float[] data = new float[(int) size];
		int[] next = { 0 };
		fill(json, 0, dims, data, next, field);
		return new ValueTensor(dims, data);
	}

	private static void fill(Object node, int depth, long[] dims, float[] data, int[] next, String field) {
		if (depth == dims.length) {
			if (!(node instanceof Number number)) {
				throw new InvalidFieldProblem(field,
						"%s must be a number or a nested array of numbers, found %s".formatted(field, node));
			}
			data[next[0]++] = number.floatValue();
			return;
		}
		if (!(node instanceof List<?> list) || list.size() != dims[depth]) {
			throw new InvalidFieldProblem(field,
					"%s is not rectangular: expected an array of %d at depth %d, found %s".formatted(field, dims[depth],
							depth, node instanceof List<?> l ? "an array of " + l.size() : String.valueOf(node)));
		}
		for (Object child : list) {
			fill(child, depth + 1, dims, data, next, field);
		}
	}

	/**
	 * Checks that this value broadcasts over an activation: its shape is a trailing part
	 * of the activation's shape without the batch axis.
	 */
	void requireBroadcastsTo(long[] activationShape, String field, String hook) {
		long[] withoutBatch = Arrays.copyOfRange(activationShape, 1, activationShape.length);
		int offset = withoutBatch.length - this.shape.length;
		boolean fits = offset >= 0
				&& Arrays.equals(this.shape, Arrays.copyOfRange(withoutBatch, offset, withoutBatch.length));
		if (!fits) {
			List<String> allowed = new ArrayList<>();
			for (int start = 0; start <= withoutBatch.length; start++) {
				allowed.add(Arrays.toString(Arrays.copyOfRange(withoutBatch, start, withoutBatch.length)));
			}
			throw new InvalidFieldProblem(field,
					"%s has shape %s, which does not fit %s of shape %s: allowed shapes are %s".formatted(field,
							Arrays.toString(this.shape), hook, Arrays.toString(activationShape), allowed),
					Map.of("shape", this.shape, "allowedShapes", allowed));
		}
	}

}
