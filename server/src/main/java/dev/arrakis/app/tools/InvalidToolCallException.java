package dev.arrakis.app.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A tool call the tool refused: an unknown tool, method or parameter, or a value that
 * does not fit. The tool's message names the parameter as {@code params.<name>}; the
 * problem repeats that name as {@code parameter} so that a client can mark the field.
 */
class InvalidToolCallException extends ApiProblemException {

	private static final Pattern PARAMETER = Pattern.compile("params\\.([A-Za-z_][A-Za-z0-9_]*)");

	InvalidToolCallException(String tool, String method, IllegalArgumentException cause) {
		super(ProblemType.INVALID_TOOL_CALL,
				Objects.requireNonNullElse(cause.getMessage(), "the tool refused the call"),
				properties(tool, method, cause.getMessage()));
	}

	private static Map<String, Object> properties(String tool, String method,
			@org.jspecify.annotations.Nullable String message) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tool", tool);
		properties.put("method", method);
		if (message != null) {
			Matcher matcher = PARAMETER.matcher(message);
			if (matcher.find()) {
				properties.put("parameter", matcher.group(1));
			}
		}
		return properties;
	}

}
