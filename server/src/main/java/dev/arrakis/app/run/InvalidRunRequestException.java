package dev.arrakis.app.run;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A run, tokenize or detokenize request with a field that cannot be used; the problem
 * names the {@code field} (a JSON path such as {@code batch[1][3]} or
 * {@code interventions[0].kind}) and says what is allowed.
 */
class InvalidRunRequestException extends ApiProblemException {

	InvalidRunRequestException(String field, String detail) {
		this(field, detail, Map.of());
	}

	InvalidRunRequestException(String field, String detail, Map<String, ?> more) {
		super(ProblemType.INVALID_REQUEST, detail, properties(field, more));
	}

	private static Map<String, Object> properties(String field, Map<String, ?> more) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", field);
		properties.putAll(more);
		return properties;
	}

}
