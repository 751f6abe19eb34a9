package dev.arrakis.app.tools;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** The tool catalogue is built from a resident model, and none is loaded. */
class NoModelLoadedException extends ApiProblemException {

	NoModelLoadedException() {
		super(ProblemType.NO_MODEL_LOADED, "the tool catalogue is described by a resident model and none is loaded; "
				+ "load one with POST /api/v1/models/{name}", Map.of());
	}

}
