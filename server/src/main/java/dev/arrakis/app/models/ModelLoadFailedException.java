package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A load of an existing model folder failed: the engine could not turn it into a model.
 * The problem gives the reason, worded as at startup.
 */
class ModelLoadFailedException extends ApiProblemException {

	ModelLoadFailedException(String name, String reason) {
		super(ProblemType.MODEL_LOAD_FAILED, "Model '%s' could not be loaded: %s".formatted(name, reason),
				Map.of("model", name, "reason", reason));
	}

}
