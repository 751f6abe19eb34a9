package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import dev.arrakis.app.web.InvalidFieldProblem;

/**
 * Positions as JSON gives them: a list of indices (negative counts from the end, as in
 * Python) or a range {@code {"from": a, "to": b}} (b exclusive; either may be negative or
 * absent). Kept as sent and checked only against a sequence length by {@link #resolve},
 * so that a bad selector is a problem naming the field rather than an unreadable body.
 */
public final class PositionSelector {

	private final Object json;

	private PositionSelector(Object json) {
		this.json = json;
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static PositionSelector of(Object json) {
		return new PositionSelector(json);
	}

	public static PositionSelector indices(Integer... positions) {
		return new PositionSelector(List.of(positions));
	}

	public static PositionSelector range(@Nullable Integer from, @Nullable Integer to) {
		Map<String, Object> range = new java.util.LinkedHashMap<>();
		if (from != null) {
			range.put("from", from);
		}
		if (to != null) {
			range.put("to", to);
		}
		return new PositionSelector(range);
	}

	@JsonValue
	Object json() {
		return this.json;
	}

	/**
	 * The selected positions, each in [0, length), in the order given.
	 * @param field the JSON path named in errors, e.g. {@code positions}
	 * @throws InvalidFieldProblem for a malformed selector or a position out of range
	 */
	public List<Integer> resolve(int length, String field) {
		if (this.json instanceof List<?> list) {
			if (list.isEmpty()) {
				throw new InvalidFieldProblem(field, field + " is empty; omit it to select every position");
			}
			List<Integer> positions = new ArrayList<>(list.size());
			for (int i = 0; i < list.size(); i++) {
				positions.add(index(integer(list.get(i), "%s[%d]".formatted(field, i)), length,
						"%s[%d]".formatted(field, i)));
			}
			return List.copyOf(positions);
		}
		if (this.json instanceof Map<?, ?> map) {
			for (Object key : map.keySet()) {
				if (!"from".equals(key) && !"to".equals(key)) {
					throw new InvalidFieldProblem(field,
							"%s has the key '%s'; a range has only 'from' and 'to'".formatted(field, key));
				}
			}
			int from = map.get("from") == null ? 0 : integer(map.get("from"), field + ".from");
			int to = map.get("to") == null ? length : integer(map.get("to"), field + ".to");
			int start = from < 0 ? from + length : from;
			int end = to < 0 ? to + length : to;
			if (start < 0 || start >= length || end <= start || end > length) {
				throw new InvalidFieldProblem(field,
						"%s {from: %d, to: %d} selects no valid positions of a sequence of length %d: from must be in [-%d, %d) and to (exclusive) after it, at most %d"
							.formatted(field, from, to, length, length, length, length));
			}
			List<Integer> positions = new ArrayList<>(end - start);
			for (int p = start; p < end; p++) {
				positions.add(p);
			}
			return List.copyOf(positions);
		}
		throw new InvalidFieldProblem(field,
				field + " must be a list of positions or {\"from\": a, \"to\": b}, got " + this.json);
	}

	private static int integer(@Nullable Object value, String field) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			long v = ((Number) value).longValue();
			if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
				return (int) v;
			}
		}
		throw new InvalidFieldProblem(field, field + " must be an integer, got " + value);
	}

	private static int index(int position, int length, String field) {
		int resolved = position < 0 ? position + length : position;
		if (resolved < 0 || resolved >= length) {
			throw new InvalidFieldProblem(field,
					"%s: position %d is out of range for a sequence of length %d (valid: %d..%d, or -%d..-1 from the end)"
						.formatted(field, position, length, 0, length - 1, length),
					Map.of("position", position, "length", length));
		}
		return resolved;
	}

	@Override
	public String toString() {
		return String.valueOf(this.json);
	}

}
