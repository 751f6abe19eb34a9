package dev.arrakis.bench.definition;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a JSON value has the JSON type a {@link dev.arrakis.tools.ParamSpec} type
 * needs. A {@link Reference} is accepted wherever a value or an array element is expected
 * (its type is only known once the earlier step has run).
 */
final class ParamTypes {

	private ParamTypes() {
	}

	/** What is wrong with {@code value} as a {@code type}, or empty when it fits. */
	static Optional<String> mismatch(String type, Object value) {
		if (Reference.parse(value).isPresent()) {
			return Optional.empty();
		}
		boolean fits = switch (type) {
			case "int" -> isIntegral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
			case "long" -> isIntegral(value, Long.MIN_VALUE, Long.MAX_VALUE);
			case "double" -> value instanceof Number;
			case "boolean" -> value instanceof Boolean;
			case "string" -> value instanceof String;
			case "int[]" -> isArrayOf(value, (element) -> isIntegral(element, Integer.MIN_VALUE, Integer.MAX_VALUE));
			case "tokens" -> isTokens(value);
			case "tokens[]" -> isArrayOf(value, ParamTypes::isTokens);
			// structured values (heads, metrics, directions, plans, interventions):
			// objects
			// or arrays, or a named choice such as the metric "loss"
			default -> value instanceof Map || value instanceof List || value instanceof String;
		};
		return fits ? Optional.empty()
				: Optional.of("%s is not a %s (expected %s)".formatted(describe(value), type, expected(type)));
	}

	private static boolean isTokens(Object value) {
		return isArrayOf(value, (element) -> isIntegral(element, Long.MIN_VALUE, Long.MAX_VALUE));
	}

	private static boolean isArrayOf(Object value, Predicate<Object> element) {
		return value instanceof List<?> list
				&& list.stream().allMatch((item) -> Reference.parse(item).isPresent() || element.test(item));
	}

	private static boolean isIntegral(Object value, long min, long max) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			long number = ((Number) value).longValue();
			return number >= min && number <= max;
		}
		return value instanceof BigInteger big && big.compareTo(BigInteger.valueOf(min)) >= 0
				&& big.compareTo(BigInteger.valueOf(max)) <= 0;
	}

	private static String expected(String type) {
		return switch (type) {
			case "int" -> "an integer in 32-bit range";
			case "long" -> "an integer in 64-bit range";
			case "double" -> "a number";
			case "boolean" -> "true or false";
			case "string" -> "a string";
			case "int[]" -> "an array of integers";
			case "tokens" -> "an array of integer token ids";
			case "tokens[]" -> "an array of arrays of integer token ids";
			default -> "an object, an array or a name";
		};
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String text) {
			return "string \"" + text + "\"";
		}
		if (value instanceof Number number) {
			return "number " + number;
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof Map) {
			return "an object";
		}
		return String.valueOf(value);
	}

}
