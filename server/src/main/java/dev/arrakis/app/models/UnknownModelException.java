package dev.arrakis.app.models;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A request named a model that is not loaded. The problem lists the loaded models so the
 * caller can correct it.
 */
class UnknownModelException extends ApiProblemException {

	UnknownModelException(String name, List<String> loaded) {
		super(ProblemType.UNKNOWN_MODEL, "No model named '%s' is loaded; loaded models: %s".formatted(name, loaded),
				Map.of("model", name, "loaded", List.copyOf(loaded)));
	}

}
