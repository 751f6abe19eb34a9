package dev.arrakis.app.bench;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** No artifact under that name or hash that the caller may see. */
class UnknownArtifactException extends ApiProblemException {

	UnknownArtifactException(String what) {
		super(ProblemType.NOT_FOUND, "no artifact %s".formatted(what), Map.of("artifact", what));
	}

}
