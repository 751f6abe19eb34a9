package dev.arrakis.app.bench;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** An experiment has no version with that hash. The problem lists its versions. */
public class UnknownVersionException extends ApiProblemException {

	UnknownVersionException(String experiment, String sha256, List<String> versions) {
		super(ProblemType.UNKNOWN_VERSION,
				"experiment '%s' has no version %s; its versions: %s".formatted(experiment, sha256, versions),
				Map.of("experiment", experiment, "version", sha256, "versions", List.copyOf(versions)));
	}

}
