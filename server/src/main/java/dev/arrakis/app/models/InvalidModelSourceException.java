package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A load request named its source in a form that is not allowed. */
class InvalidModelSourceException extends ApiProblemException {

	InvalidModelSourceException(String field, String value, String allowed) {
		super(ProblemType.INVALID_REQUEST, "%s '%s' is not allowed: expected %s".formatted(field, value, allowed),
				Map.of("field", field));
	}

}
