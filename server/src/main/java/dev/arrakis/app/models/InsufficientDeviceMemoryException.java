package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;
import dev.arrakis.engine.ModelDoesNotFitException;

/**
 * A load the engine refused before taking any memory, because the device lacks it. The
 * problem carries the engine's sentence as {@code detail} and its numbers as extension
 * members, so that a client can decide which model to unload.
 */
class InsufficientDeviceMemoryException extends ApiProblemException {

	InsufficientDeviceMemoryException(String name, ModelDoesNotFitException cause) {
		super(ProblemType.MODEL_DOES_NOT_FIT, cause.getMessage(),
				Map.of("model", name, "neededBytes", cause.neededBytes(), "freeBytes", cause.memory().freeBytes(),
						"totalBytes", cause.memory().totalBytes(), "device", cause.memory().device()));
		initCause(cause);
	}

}
