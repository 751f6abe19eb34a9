package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A load named a model that is already resident. */
class ModelAlreadyLoadedException extends ApiProblemException {

	ModelAlreadyLoadedException(String name) {
		super(ProblemType.MODEL_ALREADY_LOADED,
				"Model '%s' is already loaded; unload it (DELETE /api/v1/models/%s) to load it again".formatted(name,
						name),
				Map.of("model", name));
	}

}
