package dev.arrakis.app.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request field with a value that cannot be used: a {@code 400}
 * {@code /problems/invalid-request} whose {@code field} names it (a JSON path such as
 * {@code batch[1][3]} or {@code interventions[0].kind}) and whose detail says what is
 * allowed.
 */
public class InvalidFieldProblem extends ApiProblemException {

	public InvalidFieldProblem(String field, String detail) {
		this(field, detail, Map.of());
	}

	/**
	 * @param more further extension members, after {@code field}
	 */
	public InvalidFieldProblem(String field, String detail, Map<String, ?> more) {
		super(ProblemType.INVALID_REQUEST, detail, properties(field, more));
	}

	private static Map<String, Object> properties(String field, Map<String, ?> more) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", field);
		properties.putAll(more);
		return properties;
	}

}
