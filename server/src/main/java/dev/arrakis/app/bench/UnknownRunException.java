package dev.arrakis.app.bench;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** No run has that id. */
public class UnknownRunException extends ApiProblemException {

	UnknownRunException(String id) {
		super(ProblemType.UNKNOWN_RUN, "no run has id '%s'".formatted(id), Map.of("run", id));
	}

}
