package dev.arrakis.app.bench;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** An owner has no experiment of that name. The problem lists the owner's experiments. */
public class UnknownExperimentException extends ApiProblemException {

	UnknownExperimentException(String owner, String name, List<String> known) {
		super(ProblemType.UNKNOWN_EXPERIMENT,
				"%s has no experiment named '%s'; their experiments: %s".formatted(owner, name, known),
				Map.of("owner", owner, "experiment", name, "experiments", List.copyOf(known)));
	}

}
