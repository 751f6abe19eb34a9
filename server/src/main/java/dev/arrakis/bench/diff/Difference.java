package dev.arrakis.bench.diff;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One place where two documents differ.
 *
 * @param path where, e.g. {@code steps[1].params.layer} or {@code scores[0][3]}
 * @param kind what happened there
 * @param left the value in the first document, null when added
 * @param right the value in the second document, null when removed
 */
public record Difference(String path, Kind kind, @Nullable JsonNode left, @Nullable JsonNode right) {

	/** How a value differs. */
	public enum Kind {

		/** only in the second document */
		ADDED,
		/** only in the first document */
		REMOVED,
		/** in both, with different values (numbers beyond the tolerance) */
		CHANGED

	}

}
