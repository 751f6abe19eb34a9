package dev.arrakis.app.jobs;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** No job with that id that the caller may see. */
class UnknownJobException extends ApiProblemException {

	UnknownJobException(String id) {
		super(ProblemType.UNKNOWN_JOB, "no job has id '%s'".formatted(id), Map.of("job", id));
	}

}
