package dev.arrakis.bench.definition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;

/**
 * The canonical JSON form of a value: object keys sorted (by UTF-16 code unit,
 * recursively), members whose value is null left out, no whitespace between tokens,
 * integers written as plain integers and other numbers as Java's
 * {@link Double#toString(double)} (so {@code 0.10} and {@code 0.1} are the same,
 * {@code 1} and {@code 1.0} are not), strings escaped by Jackson.
 */
public final class CanonicalJson {

	private CanonicalJson() {
	}

	/** The canonical form of {@code definition}. */
	public static String of(ExperimentDefinition definition) {
		return ofValue(DefinitionJson.MAPPER.convertValue(definition, Object.class));
	}

	/**
	 * The canonical form of the JSON document {@code json}.
	 * @throws IllegalArgumentException when {@code json} is not JSON
	 */
	public static String of(String json) {
		try {
			return ofValue(DefinitionJson.MAPPER.readValue(json, Object.class));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String ofValue(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			writeObject(map, out);
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(list.get(i), out);
			}
			out.append(']');
		}
		else if (value instanceof Number number) {
			out.append(canonicalNumber(number));
		}
		else if (value instanceof Boolean bool) {
			out.append(bool);
		}
		else {
			out.append(DefinitionJson.MAPPER.writeValueAsString(value.toString()));
		}
	}

	private static void writeObject(Map<?, ?> map, StringBuilder out) {
		Map<String, Object> sorted = new TreeMap<>();
		map.forEach((key, member) -> {
			if (member != null) {
				sorted.put(String.valueOf(key), member);
			}
		});
		out.append('{');
		boolean first = true;
		for (Map.Entry<String, Object> member : sorted.entrySet()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			out.append(DefinitionJson.MAPPER.writeValueAsString(member.getKey())).append(':');
			write(member.getValue(), out);
		}
		out.append('}');
	}

	private static String canonicalNumber(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof BigInteger) {
			return number.toString();
		}
		if (number instanceof BigDecimal decimal) {
			return Double.toString(decimal.doubleValue());
		}
		return Double.toString(number.doubleValue());
	}

}
