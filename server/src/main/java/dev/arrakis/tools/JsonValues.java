package dev.arrakis.tools;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Converts one JSON value, as Jackson parses it into Java (Map, List, String, Integer,
 * Long, BigInteger, Double, Boolean or null), to the Java type a tool takes. Every error
 * is an {@link IllegalArgumentException} that starts with the value's path, e.g.
 * {@code params.heads[1].layer}, says what the value was and what is allowed.
 */
final class JsonValues {

	private static final int SHOWN_CHARACTERS = 40;

	private JsonValues() {
	}

	/** A whole number in the int range (a whole-valued 2.0 counts as 2). */
	static int integer(String path, @Nullable Object value) {
		return (int) whole(path, value, "an int (a whole number such as 3)", Integer.MIN_VALUE, Integer.MAX_VALUE);
	}

	/** A whole number in the long range. */
	static long longValue(String path, @Nullable Object value) {
		return whole(path, value, "a long (a whole number such as 3)", Long.MIN_VALUE, Long.MAX_VALUE);
	}

	/** Any finite number. */
	static double real(String path, @Nullable Object value) {
		if (!(value instanceof Number number)) {
			throw notA(path, value, "a number (such as 0.5)");
		}
		double real = number.doubleValue();
		if (!Double.isFinite(real)) {
			throw notA(path, value, "a finite number");
		}
		return real;
	}

	static boolean bool(String path, @Nullable Object value) {
		if (!(value instanceof Boolean bool)) {
			throw notA(path, value, "a boolean (true or false)");
		}
		return bool;
	}

	static String string(String path, @Nullable Object value) {
		if (!(value instanceof String string)) {
			throw notA(path, value, "a string");
		}
		return string;
	}

	/** A list, whose elements the caller converts with paths {@code path[i]}. */
	static List<?> list(String path, @Nullable Object value, String expected) {
		if (!(value instanceof List<?> list)) {
			throw notA(path, value, expected);
		}
		return list;
	}

	static int[] integers(String path, @Nullable Object value) {
		List<?> list = list(path, value, "a list of ints (such as [1, 0, 1])");
		int[] integers = new int[list.size()];
		for (int i = 0; i < integers.length; i++) {
			integers[i] = integer(path + "[" + i + "]", list.get(i));
		}
		return integers;
	}

	static List<Integer> integerList(String path, @Nullable Object value) {
		List<Integer> integers = new ArrayList<>();
		for (int integer : integers(path, value)) {
			integers.add(integer);
		}
		return integers;
	}

	static long[] tokens(String path, @Nullable Object value) {
		List<?> list = list(path, value, "a list of token ids (such as [464, 3290, 318])");
		long[] tokens = new long[list.size()];
		for (int i = 0; i < tokens.length; i++) {
			tokens[i] = whole(path + "[" + i + "]", list.get(i), "a token id (a whole number such as 464)",
					Long.MIN_VALUE, Long.MAX_VALUE);
		}
		return tokens;
	}

	static List<long[]> tokenLists(String path, @Nullable Object value) {
		List<?> list = list(path, value, "a list of token sequences (such as [[464, 3290], [40, 716]])");
		List<long[]> sequences = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			sequences.add(tokens(path + "[" + i + "]", list.get(i)));
		}
		return sequences;
	}

	static float[] floats(String path, @Nullable Object value) {
		List<?> list = list(path, value, "a list of numbers (such as [0.5, -1, 2])");
		float[] floats = new float[list.size()];
		for (int i = 0; i < floats.length; i++) {
			floats[i] = (float) real(path + "[" + i + "]", list.get(i));
		}
		return floats;
	}

	/**
	 * A JSON object with only the {@code allowed} keys.
	 * @param expected what the object should look like, for the error
	 */
	static Map<?, ?> object(String path, @Nullable Object value, Set<String> allowed, String expected) {
		if (!(value instanceof Map<?, ?> object)) {
			throw notA(path, value, expected);
		}
		for (Object key : object.keySet()) {
			if (!allowed.contains(key)) {
				throw new IllegalArgumentException("%s: unknown key \"%s\"; allowed keys are %s (%s)".formatted(path,
						key, new TreeSet<>(allowed), expected));
			}
		}
		return object;
	}

	/** The value under {@code key}, which must be there. */
	static Object field(String path, Map<?, ?> object, String key, String expected) {
		Object value = object.get(key);
		if (value == null) {
			throw new IllegalArgumentException("%s.%s is missing (%s)".formatted(path, key, expected));
		}
		return value;
	}

	/** The error for a value that is not what {@code path} takes. */
	static IllegalArgumentException notA(String path, @Nullable Object value, String expected) {
		return new IllegalArgumentException("%s: %s is not %s".formatted(path, describe(value), expected));
	}

	/** What the value is, briefly: {@code string "x"}, {@code number 1.5}, ... */
	static String describe(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String string) {
			return "string \""
					+ (string.length() > SHOWN_CHARACTERS ? string.substring(0, SHOWN_CHARACTERS) + "..." : string)
					+ "\"";
		}
		if (value instanceof Number || value instanceof Boolean) {
			return (value instanceof Number ? "number " : "boolean ") + value;
		}
		if (value instanceof List<?> list) {
			return "a list of " + list.size() + " value" + (list.size() == 1 ? "" : "s");
		}
		if (value instanceof Map<?, ?> map) {
			return "an object with keys " + new TreeSet<>(map.keySet().stream().map(String::valueOf).toList());
		}
		return "a " + value.getClass().getSimpleName();
	}

	/**
	 * A whole number in [minimum, maximum]: a whole-valued 2.0 counts as 2, 2.5 does not.
	 */
	private static long whole(String path, @Nullable Object value, String expected, long minimum, long maximum) {
		BigDecimal exact;
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			exact = BigDecimal.valueOf(((Number) value).longValue());
		}
		else if (value instanceof BigInteger integer) {
			exact = new BigDecimal(integer);
		}
		else if (value instanceof BigDecimal decimal) {
			exact = decimal;
		}
		else if (value instanceof Double || value instanceof Float) {
			double real = ((Number) value).doubleValue();
			if (!Double.isFinite(real)) {
				throw notA(path, value, expected);
			}
			exact = BigDecimal.valueOf(real);
		}
		else {
			throw notA(path, value, expected);
		}
		if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
			throw notA(path, value, expected);
		}
		if (exact.compareTo(BigDecimal.valueOf(minimum)) < 0 || exact.compareTo(BigDecimal.valueOf(maximum)) > 0) {
			throw new IllegalArgumentException("%s: %s is out of range: valid values are %d..%d".formatted(path,
					describe(value), minimum, maximum));
		}
		return exact.longValueExact();
	}

}
