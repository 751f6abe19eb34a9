package dev.arrakis.bench.definition;

import java.util.List;
import java.util.Objects;

/**
 * An experiment as data: which model, on which inputs, and the ordered tool calls to
 * make. Missing parts read from JSON become empty (blank name, empty inputs, no steps) so
 * that {@link DefinitionValidator} can report them instead of the reader failing.
 *
 * @param name the experiment's name
 * @param model the model it runs on
 * @param inputs the prompts, token lists or dataset it runs on
 * @param steps the tool calls, in order; a step may refer to an earlier step's result
 */
public record ExperimentDefinition(String name, ModelRef model, Inputs inputs, List<Step> steps) {

	public ExperimentDefinition {
		name = Objects.requireNonNullElse(name, "");
		model = Objects.requireNonNullElse(model, new ModelRef("", null));
		inputs = Objects.requireNonNullElse(inputs, Inputs.NONE);
		steps = List.copyOf(Objects.requireNonNullElse(steps, List.of()));
	}

}
