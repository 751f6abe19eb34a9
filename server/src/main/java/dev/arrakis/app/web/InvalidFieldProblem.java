package dev.arrakis.app.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

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

	/**
	 * A value that is not allowed: "Field 'f' must be <allowed>, got 'v'", with the value
	 * (when there is one) as the extension member {@code value}.
	 * @param allowed what the field may hold, e.g. {@code between 1 and 1000}
	 */
	public static InvalidFieldProblem notAllowed(String field, @Nullable Object value, String allowed) {
		return new InvalidFieldProblem(field,
				"Field '%s' must be %s, got %s".formatted(field, allowed,
						(value == null) ? "nothing" : "'" + value + "'"),
				(value == null) ? Map.of() : Map.of("value", value));
	}

	/**
	 * A value a library refused with an {@link IllegalArgumentException} whose message
	 * says what is allowed: "field: message".
	 */
	public static InvalidFieldProblem refused(String field, IllegalArgumentException cause) {
		return new InvalidFieldProblem(field,
				"%s: %s".formatted(field, Objects.requireNonNullElse(cause.getMessage(), "is invalid")));
	}

	private static Map<String, Object> properties(String field, Map<String, ?> more) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", field);
		properties.putAll(more);
		return properties;
	}

}
