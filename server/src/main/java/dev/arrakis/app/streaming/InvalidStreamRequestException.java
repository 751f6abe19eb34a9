package dev.arrakis.app.streaming;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A run request that cannot be run as sent; the problem names the {@code field} and says
 * what is allowed.
 */
class InvalidStreamRequestException extends ApiProblemException {

	InvalidStreamRequestException(String field, String detail) {
		this(field, detail, Map.of());
	}

	InvalidStreamRequestException(String field, String detail, Map<String, ?> properties) {
		super(ProblemType.INVALID_REQUEST, detail, withField(field, properties));
	}

	private static Map<String, Object> withField(String field, Map<String, ?> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("field", field);
		all.putAll(properties);
		return all;
	}

}
