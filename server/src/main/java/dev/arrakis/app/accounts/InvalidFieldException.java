package dev.arrakis.app.accounts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A request field or parameter with a value that is not allowed: a {@code 400}
 * {@code /problems/invalid-request} naming the field, the value and what is allowed.
 */
class InvalidFieldException extends ApiProblemException {

	InvalidFieldException(String field, @Nullable Object value, String allowed) {
		super(ProblemType.INVALID_REQUEST, "Field '%s' must be %s, got %s".formatted(field, allowed,
				(value == null) ? "nothing" : "'" + value + "'"), properties(field, value));
	}

	private static Map<String, Object> properties(String field, @Nullable Object value) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", field);
		if (value != null) {
			properties.put("value", value);
		}
		return properties;
	}

}
