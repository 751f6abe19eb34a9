package dev.arrakis.bench.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arrakis.bench.plot.PlotSpec;
import org.jspecify.annotations.Nullable;

/**
 * An experiment as data: which model, on which inputs, and the ordered tool calls to
 * make. Missing parts read from JSON become empty (blank name, empty inputs, no steps) so
 * that {@link DefinitionValidator} can report them instead of the reader failing. Empty
 * metrics and an absent seed or code are left out of the JSON (and so of the version).
 *
 * @param name the experiment's name
 * @param model the model it runs on
 * @param inputs the prompts, token lists or dataset it runs on
 * @param steps the tool calls, in order; a step may refer to an earlier step's result,
 * and to the inputs as {@code ${inputs.tokens}} (every sequence) or
 * {@code ${inputs.tokens.0}} (one)
 * @param metrics the run's named metrics, each a reference to a number in a step's
 * result, e.g. {@code "loss": "${ablate.after}"}
 * @param seed the seed every step parameter named {@code seed} defaults to, or null for
 * the tools' own defaults
 * @param code the Java function that is the experiment, for experiments logged through
 * the Java API rather than as steps; null for step experiments
 * @param plots plots of the first input, drawn after the steps and kept with the run (as
 * data, PNG and SVG)
 */
public record ExperimentDefinition(String name, ModelRef model, Inputs inputs, List<Step> steps,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metrics, @Nullable Long seed,
		@Nullable CodeRef code, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PlotSpec> plots) {

	public ExperimentDefinition {
		name = Objects.requireNonNullElse(name, "");
		model = Objects.requireNonNullElse(model, new ModelRef("", null));
		inputs = Objects.requireNonNullElse(inputs, Inputs.NONE);
		steps = List.copyOf(Objects.requireNonNullElse(steps, List.of()));
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(metrics, Map.of())));
		plots = List.copyOf(Objects.requireNonNullElse(plots, List.of()));
	}

	/** A step experiment without metrics, seed or code. */
	public ExperimentDefinition(String name, ModelRef model, Inputs inputs, List<Step> steps) {
		this(name, model, inputs, steps, Map.of(), null, null, List.of());
	}

	/** This definition run on {@code other} instead (a replay). */
	public ExperimentDefinition onModel(ModelRef other) {
		return new ExperimentDefinition(this.name, other, this.inputs, this.steps, this.metrics, this.seed, this.code,
				this.plots);
	}

}
