package dev.arrakis.app.bench;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;
import dev.arrakis.bench.definition.Problem;

/**
 * A definition refused before anything ran, with every problem as {@code {path, reason}}.
 */
public class InvalidDefinitionProblem extends ApiProblemException {

	private final transient List<Problem> problems;

	InvalidDefinitionProblem(List<Problem> problems) {
		super(ProblemType.INVALID_DEFINITION,
				"the experiment definition has %d problem%s; nothing ran".formatted(problems.size(),
						problems.size() == 1 ? "" : "s"),
				Map.of("problems",
						problems.stream().map((p) -> Map.of("path", p.path(), "reason", p.reason())).toList()));
		this.problems = List.copyOf(problems);
	}

	public List<Problem> problems() {
		return this.problems;
	}

}
