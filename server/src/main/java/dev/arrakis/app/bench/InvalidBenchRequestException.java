package dev.arrakis.app.bench;

import java.util.Map;
import java.util.Objects;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A bench request the bench refused before anything ran (an option out of range, a metric
 * or plot spec that does not fit the model, ...): the bench's message names the field and
 * what is allowed; {@code field} names the request member it came from.
 */
class InvalidBenchRequestException extends ApiProblemException {

	InvalidBenchRequestException(String field, IllegalArgumentException cause) {
		super(ProblemType.INVALID_REQUEST,
				"%s: %s".formatted(field, Objects.requireNonNullElse(cause.getMessage(), "is invalid")),
				Map.of("field", field));
	}

	InvalidBenchRequestException(String field, String reason) {
		super(ProblemType.INVALID_REQUEST, "%s: %s".formatted(field, reason), Map.of("field", field));
	}

}
