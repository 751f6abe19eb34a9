package dev.arrakis.bench.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call of an experiment. A parameter value may be a {@link Reference} to an
 * earlier step's result, written {@code "${stepId.path}"}.
 *
 * @param id the step's id, unique within the definition
 * @param tool the tool's registry key, e.g. {@code attention}
 * @param method the tool method's name, e.g. {@code detect_heads}
 * @param params the parameters by name, as JSON values (numbers, strings, booleans,
 * lists, maps)
 */
public record Step(String id, String tool, String method, Map<String, Object> params) {

	public Step {
		id = Objects.requireNonNullElse(id, "");
		tool = Objects.requireNonNullElse(tool, "");
		method = Objects.requireNonNullElse(method, "");
		params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(params, Map.of())));
	}

}
