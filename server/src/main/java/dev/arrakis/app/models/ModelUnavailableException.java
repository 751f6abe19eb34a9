package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A request named a model whose folder exists but which failed to load at startup; the
 * problem gives the reason.
 */
class ModelUnavailableException extends ApiProblemException {

	ModelUnavailableException(String name, String reason) {
		super(ProblemType.MODEL_UNAVAILABLE, "Model '%s' failed to load at startup: %s".formatted(name, reason),
				Map.of("model", name, "reason", reason));
	}

}
