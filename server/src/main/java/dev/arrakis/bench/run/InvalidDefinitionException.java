package dev.arrakis.bench.run;

import java.util.List;
import java.util.stream.Collectors;

import dev.arrakis.bench.definition.Problem;

/** A definition refused before anything ran, with every problem found. */
public class InvalidDefinitionException extends IllegalArgumentException {

	private final transient List<Problem> problems;

	public InvalidDefinitionException(List<Problem> problems) {
		super("invalid experiment definition: "
				+ problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	public List<Problem> problems() {
		return this.problems;
	}

}
