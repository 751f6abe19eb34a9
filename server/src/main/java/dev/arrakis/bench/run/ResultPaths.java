package dev.arrakis.bench.run;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Finds the value at a dotted path inside a JSON result: field names for objects, indexes
 * for arrays ({@code -1} is the last element), e.g. {@code scores.1.0}.
 */
final class ResultPaths {

	private ResultPaths() {
	}

	/**
	 * The value at {@code path} in {@code root}; {@code root} itself for an empty path.
	 * @param what names the root in messages, e.g. {@code ${detect.scores}}
	 * @throws IllegalArgumentException naming the first part of the path that does not
	 * exist and what exists there
	 */
	static JsonNode at(JsonNode root, String path, String what) {
		JsonNode node = root;
		List<String> walked = new ArrayList<>();
		for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
			node = step(node, part, what, String.join(".", walked));
			walked.add(part);
		}
		return node;
	}

	private static JsonNode step(JsonNode node, String part, String what, String walked) {
		String where = walked.isEmpty() ? "the result" : "'" + walked + "'";
		if (node.isObject()) {
			JsonNode child = node.get(part);
			if (child == null) {
				throw new IllegalArgumentException(
						"%s: %s has no field '%s'; its fields: %s".formatted(what, where, part, node.propertyNames()));
			}
			return child;
		}
		if (node.isArray()) {
			int size = node.size();
			int index;
			try {
				index = Integer.parseInt(part);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"%s: %s is an array of %d; '%s' is not an index".formatted(what, where, size, part));
			}
			int resolved = (index < 0) ? size + index : index;
			if (resolved < 0 || resolved >= size) {
				throw new IllegalArgumentException("%s: index %d is out of range for %s: valid indexes are %d..%d"
					.formatted(what, index, where, -size, size - 1));
			}
			return node.get(resolved);
		}
		throw new IllegalArgumentException("%s: %s is a %s, not an object or array; '%s' cannot be looked up in it"
			.formatted(what, where, node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), part));
	}

}
