package dev.arrakis.bench.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.arrakis.bench.plot.Plots;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.ToolRegistry;

/**
 * Checks a definition against the tools' parameter descriptions before anything runs, and
 * reports every problem found, each with its path (e.g. {@code steps[2].params.layer}).
 * An empty list means the definition is valid. Only the shape is checked: value ranges
 * (layer counts, vocabulary size) are the tools' own checks when the step runs.
 */
public final class DefinitionValidator {

	/** The reserved step id that refers to the experiment's inputs. */
	public static final String INPUTS = "inputs";

	private static final Pattern INPUT_PATH = Pattern.compile("tokens(\\.\\d+)?");

	private final Map<String, List<ToolMethod>> catalogue;

	/**
	 * @param catalogue every tool's key and its methods
	 */
	public DefinitionValidator(Map<String, List<ToolMethod>> catalogue) {
		this.catalogue = Map.copyOf(catalogue);
	}

	/**
	 * A validator for the tools of {@code registry}, described as bound to {@code model}.
	 */
	public static DefinitionValidator forRegistry(ToolRegistry registry, HookedAutoModel model) {
		Map<String, List<ToolMethod>> catalogue = new LinkedHashMap<>();
		for (String key : registry.keys()) {
			catalogue.put(key, registry.tool(key, model).methods());
		}
		return new DefinitionValidator(catalogue);
	}

	/** Every problem of {@code definition}, in document order; empty when valid. */
	public List<Problem> validate(ExperimentDefinition definition) {
		List<Problem> problems = new ArrayList<>();
		if (definition.name().isBlank()) {
			problems.add(new Problem("name", "is blank: an experiment needs a name"));
		}
		if (definition.model().name().isBlank()) {
			problems.add(new Problem("model.name", "is blank: name the model the experiment runs on"));
		}
		if (definition.inputs().containsNothing() && definition.code() == null) {
			problems.add(new Problem("inputs", "has no prompts, no token lists and no dataset"));
		}
		if (definition.code() != null && !definition.steps().isEmpty()) {
			problems.add(new Problem("code", "is set together with steps: an experiment is either steps or code"));
		}
		if (definition.steps().isEmpty() && definition.code() == null) {
			problems.add(new Problem("steps", "is empty: an experiment needs at least one step"));
		}
		for (int i = 0; i < definition.inputs().tokens().size(); i++) {
			if (definition.inputs().tokens().get(i).length == 0) {
				problems
					.add(new Problem("inputs.tokens[" + i + "]", "is empty: a token list needs at least one token"));
			}
		}
		Map<String, Integer> stepIndexById = new HashMap<>();
		for (int i = 0; i < definition.steps().size(); i++) {
			Step step = definition.steps().get(i);
			String path = "steps[" + i + "]";
			if (step.id().isBlank()) {
				problems.add(new Problem(path + ".id", "is blank: every step needs an id"));
			}
			else if (step.id().equals(INPUTS)) {
				problems.add(new Problem(path + ".id",
						"'inputs' is reserved: ${inputs.tokens} refers to the experiment's inputs"));
			}
			else if (stepIndexById.containsKey(step.id())) {
				problems.add(new Problem(path + ".id", "duplicate step id '%s' (already used by steps[%d])"
					.formatted(step.id(), stepIndexById.get(step.id()))));
			}
			else {
				stepIndexById.put(step.id(), i);
			}
		}
		for (int i = 0; i < definition.steps().size(); i++) {
			validateStep(definition.steps(), i, problems);
		}
		definition.metrics().forEach((name, value) -> validateMetric(definition.steps(), name, value, problems));
		for (int i = 0; i < definition.plots().size(); i++) {
			String type = definition.plots().get(i).type();
			if (!Plots.TYPES.containsKey(type)) {
				problems.add(new Problem("plots[" + i + "].type",
						"unknown plot type '%s'; plot types: %s".formatted(type, Plots.TYPES.keySet())));
			}
		}
		return List.copyOf(problems);
	}

	private void validateStep(List<Step> steps, int index, List<Problem> problems) {
		Step step = steps.get(index);
		String path = "steps[" + index + "]";
		step.params()
			.forEach((name, value) -> checkReferences(steps, index, path + ".params." + name, value, problems));
		List<ToolMethod> methods = this.catalogue.get(step.tool());
		if (methods == null) {
			problems.add(new Problem(path + ".tool", "unknown tool '%s'; known tools: %s".formatted(step.tool(),
					new TreeSet<>(this.catalogue.keySet()))));
			return;
		}
		ToolMethod method = methods.stream().filter((m) -> m.name().equals(step.method())).findFirst().orElse(null);
		if (method == null) {
			problems.add(new Problem(path + ".method", "unknown method '%s' of tool '%s'; its methods: %s"
				.formatted(step.method(), step.tool(), methods.stream().map(ToolMethod::name).toList())));
			return;
		}
		Map<String, ParamSpec> specs = new LinkedHashMap<>();
		method.params().forEach((spec) -> specs.put(spec.name(), spec));
		for (ParamSpec spec : method.params()) {
			if (spec.defaultValue() == null && !step.params().containsKey(spec.name())) {
				problems.add(new Problem(path + ".params." + spec.name(),
						"missing required parameter (%s: %s)".formatted(spec.type(), spec.unit())));
			}
		}
		step.params().forEach((name, value) -> {
			String paramPath = path + ".params." + name;
			ParamSpec spec = specs.get(name);
			if (spec == null) {
				problems.add(new Problem(paramPath, "unknown parameter of %s.%s; allowed: %s".formatted(step.tool(),
						step.method(), specs.keySet())));
			}
			else {
				ParamTypes.mismatch(spec.type(), value)
					.ifPresent((reason) -> problems.add(new Problem(paramPath, reason)));
			}
		});
	}

	private static void validateMetric(List<Step> steps, String name, String value, List<Problem> problems) {
		String path = "metrics." + name;
		Reference reference = Reference.parse(value).orElse(null);
		if (reference == null) {
			problems.add(new Problem(path,
					"\"%s\" is not a reference: a metric names a number in a step's result, e.g. ${stepId.path}"
						.formatted(value)));
		}
		else if (steps.stream().noneMatch((step) -> step.id().equals(reference.stepId()))) {
			problems.add(new Problem(path, "refers to unknown step '%s'; steps: %s".formatted(reference.stepId(),
					steps.stream().map(Step::id).toList())));
		}
	}

	private static void checkReferences(List<Step> steps, int index, String path, Object value,
			List<Problem> problems) {
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				checkReferences(steps, index, path + "[" + i + "]", list.get(i), problems);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, member) -> checkReferences(steps, index, path + "." + key, member, problems));
			return;
		}
		if (Reference.isMalformed(value)) {
			problems.add(new Problem(path,
					"malformed reference \"%s\": write ${stepId} or ${stepId.path}".formatted(value)));
			return;
		}
		Reference.parse(value).ifPresent((reference) -> {
			if (reference.stepId().equals(INPUTS)) {
				if (!INPUT_PATH.matcher(reference.path()).matches()) {
					problems.add(new Problem(path,
							"\"%s\": the inputs offer ${inputs.tokens} and ${inputs.tokens.N}".formatted(value)));
				}
				return;
			}
			Set<String> earlier = new LinkedHashSet<>();
			steps.subList(0, index).forEach((step) -> earlier.add(step.id()));
			if (earlier.contains(reference.stepId())) {
				return;
			}
			boolean laterOrSelf = steps.subList(index, steps.size())
				.stream()
				.anyMatch((step) -> step.id().equals(reference.stepId()));
			String why = laterOrSelf ? "refers to step '%s', which does not run before this one"
					: "refers to unknown step '%s'";
			problems.add(new Problem(path, (why + "; earlier steps: %s").formatted(reference.stepId(), earlier)));
		});
	}

}
