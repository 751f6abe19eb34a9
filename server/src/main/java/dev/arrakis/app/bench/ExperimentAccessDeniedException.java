package dev.arrakis.app.bench;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** The caller sees the experiment but may not change it in this way. */
class ExperimentAccessDeniedException extends ApiProblemException {

	ExperimentAccessDeniedException(String owner, String name, String why) {
		super(ProblemType.EXPERIMENT_ACCESS_DENIED,
				"you may not change experiment '%s' of %s: %s".formatted(name, owner, why),
				Map.of("owner", owner, "experiment", name));
	}

}
