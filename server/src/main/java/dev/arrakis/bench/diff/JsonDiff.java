package dev.arrakis.bench.diff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Compares two JSON documents structurally: objects by field (order ignored), arrays by
 * index, numbers within a {@link Tolerance} (an integer and a decimal of equal value are
 * equal), everything else exactly.
 */
public final class JsonDiff {

	/** The default number of differences a report lists. */
	public static final int DEFAULT_LIMIT = 100;

	private final Tolerance tolerance;

	private final int limit;

	private final List<Difference> differences = new ArrayList<>();

	private int count;

	private long numbersCompared;

	private double maxAbsoluteDifference;

	private JsonDiff(Tolerance tolerance, int limit) {
		this.tolerance = tolerance;
		this.limit = limit;
	}

	/**
	 * The differences between {@code left} and {@code right}.
	 * @param limit how many differences to list (all are counted), at least 0
	 */
	public static DiffReport diff(@Nullable JsonNode left, @Nullable JsonNode right, Tolerance tolerance, int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit = " + limit + " is negative: list at least 0 differences");
		}
		JsonDiff diff = new JsonDiff(tolerance, limit);
		diff.compare("", left, right);
		return new DiffReport(diff.count == 0, diff.count, diff.differences, diff.numbersCompared,
				diff.maxAbsoluteDifference, tolerance);
	}

	/**
	 * {@link #diff(JsonNode, JsonNode, Tolerance, int)} listing {@link #DEFAULT_LIMIT}.
	 */
	public static DiffReport diff(@Nullable JsonNode left, @Nullable JsonNode right, Tolerance tolerance) {
		return diff(left, right, tolerance, DEFAULT_LIMIT);
	}

	private void compare(String path, @Nullable JsonNode left, @Nullable JsonNode right) {
		boolean leftMissing = left == null || left.isMissingNode();
		boolean rightMissing = right == null || right.isMissingNode();
		if (leftMissing || rightMissing) {
			if (!leftMissing) {
				record(new Difference(path, Difference.Kind.REMOVED, left, null));
			}
			else if (!rightMissing) {
				record(new Difference(path, Difference.Kind.ADDED, null, right));
			}
			return;
		}
		if (left.isNumber() && right.isNumber()) {
			compareNumbers(path, left, right);
		}
		else if (left.isObject() && right.isObject()) {
			Set<String> fields = new LinkedHashSet<>(left.propertyNames());
			fields.addAll(right.propertyNames());
			for (String field : fields) {
				compare(path.isEmpty() ? field : path + "." + field, left.get(field), right.get(field));
			}
		}
		else if (left.isArray() && right.isArray()) {
			for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
				compare(path + "[" + i + "]", left.get(i), right.get(i));
			}
		}
		else if (!left.equals(right)) {
			record(new Difference(path, Difference.Kind.CHANGED, left, right));
		}
	}

	private void compareNumbers(String path, JsonNode left, JsonNode right) {
		this.numbersCompared++;
		double a = left.asDouble();
		double b = right.asDouble();
		if (!Double.isNaN(a) && !Double.isNaN(b)) {
			this.maxAbsoluteDifference = Math.max(this.maxAbsoluteDifference, Math.abs(a - b));
		}
		boolean equal = (left.isIntegralNumber() && right.isIntegralNumber())
				? left.bigIntegerValue().equals(right.bigIntegerValue()) || this.tolerance.equal(a, b)
				: this.tolerance.equal(a, b);
		if (!equal) {
			record(new Difference(path, Difference.Kind.CHANGED, left, right));
		}
	}

	private void record(Difference difference) {
		this.count++;
		if (this.differences.size() < this.limit) {
			this.differences.add(difference);
		}
	}

}
