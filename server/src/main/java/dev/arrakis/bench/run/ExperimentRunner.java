package dev.arrakis.bench.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.arrakis.bench.definition.DefinitionValidator;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.definition.Problem;
import dev.arrakis.bench.definition.Reference;
import dev.arrakis.bench.definition.Step;
import dev.arrakis.bench.plot.PlotData;
import dev.arrakis.bench.plot.Plots;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.ToolRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executes an experiment definition's steps, in order, against the tools of a registry
 * bound to one model. Nothing runs before the whole definition is checked
 * ({@link #problems}): an invalid one is refused with every problem listed. A step's
 * parameters may hold references to the inputs ({@code ${inputs.tokens.0}}) and to
 * earlier results ({@code ${detect.scores.1}}), replaced by those JSON values before the
 * call. A method's {@code seed} parameter, when not given, takes the definition's seed.
 */
public final class ExperimentRunner {

	/**
	 * Reads and writes results as JSON; shared so that results look the same everywhere.
	 */
	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final ToolRegistry registry;

	private final DatasetSource datasets;

	public ExperimentRunner(ToolRegistry registry, DatasetSource datasets) {
		this.registry = registry;
		this.datasets = datasets;
	}

	/**
	 * Every problem of {@code definition} for {@code model}: its validation against the
	 * tools' descriptions, then whether its dataset exists; empty when it can run.
	 */
	public List<Problem> problems(ExperimentDefinition definition, HookedAutoModel model) {
		List<Problem> problems = new ArrayList<>(
				DefinitionValidator.forRegistry(this.registry, model).validate(definition));
		String dataset = definition.inputs().dataset();
		if (dataset != null && !dataset.isBlank() && !this.datasets.names().contains(dataset)) {
			problems.add(new Problem("inputs.dataset",
					"unknown dataset '%s'; datasets: %s".formatted(dataset, this.datasets.names())));
		}
		if (definition.code() != null) {
			problems.add(new Problem("code", "is a Java function: run it through InterpretabilityBench"));
		}
		return problems;
	}

	/**
	 * Runs {@code definition} on {@code model}.
	 * @throws InvalidDefinitionException before anything runs, listing every problem
	 * @throws StepFailedException when a step (or a metric) fails, with the steps that
	 * completed
	 */
	public RunOutcome run(ExperimentDefinition definition, HookedAutoModel model) {
		List<Problem> problems = problems(definition, model);
		if (!problems.isEmpty()) {
			throw new InvalidDefinitionException(problems);
		}
		List<StepResult> completed = new ArrayList<>();
		Map<String, JsonNode> results = new HashMap<>();
		RunInputs inputs;
		try {
			inputs = RunInputs.resolve(definition.inputs(), model.tokenizer(), this.datasets);
			results.put(DefinitionValidator.INPUTS, JSON.valueToTree(Map.of("tokens", inputs.tokens())));
		}
		catch (IllegalArgumentException ex) {
			throw new StepFailedException(DefinitionValidator.INPUTS, completed, ex.getMessage(), ex);
		}
		Map<String, InterpretabilityTool> tools = new HashMap<>();
		for (Step step : definition.steps()) {
			try {
				InterpretabilityTool tool = tools.computeIfAbsent(step.tool(), (key) -> this.registry.tool(key, model));
				Map<String, Object> params = parameters(step, tool, definition.seed(), results);
				long start = System.nanoTime();
				Object result = tool.invoke(step.method(), params);
				long wallNanos = System.nanoTime() - start;
				JsonNode json = JSON.valueToTree(result);
				results.put(step.id(), json);
				completed.add(new StepResult(step.id(), step.tool(), step.method(), wallNanos, json));
			}
			catch (RuntimeException ex) {
				throw new StepFailedException(step.id(), completed, describe(ex), ex);
			}
		}
		Map<String, Double> metrics = metrics(definition, results, completed);
		List<PlotData> plots;
		try {
			plots = definition.plots().isEmpty() ? List.of()
					: Plots.data(model, inputs.tokens().get(0), definition.plots());
		}
		catch (RuntimeException ex) {
			throw new StepFailedException("plots", completed, describe(ex), ex);
		}
		return new RunOutcome(inputs, completed, metrics, plots);
	}

	private static Map<String, Object> parameters(Step step, InterpretabilityTool tool, @Nullable Long seed,
			Map<String, JsonNode> results) {
		Map<String, Object> params = new LinkedHashMap<>();
		step.params().forEach((name, value) -> params.put(name, resolve(value, results)));
		boolean takesSeed = tool.methods()
			.stream()
			.filter((method) -> method.name().equals(step.method()))
			.map(ToolMethod::params)
			.flatMap(List::stream)
			.map(ParamSpec::name)
			.anyMatch("seed"::equals);
		if (seed != null && takesSeed) {
			params.putIfAbsent("seed", seed);
		}
		return params;
	}

	private static Object resolve(Object value, Map<String, JsonNode> results) {
		if (value instanceof List<?> list) {
			return list.stream().map((element) -> resolve(element, results)).toList();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> resolved = new LinkedHashMap<>();
			map.forEach((key, member) -> resolved.put(String.valueOf(key), resolve(member, results)));
			return resolved;
		}
		return Reference.parse(value).map((reference) -> {
			JsonNode root = results.get(reference.stepId());
			return JSON.convertValue(ResultPaths.at(root, reference.path(), reference.toString()), Object.class);
		}).orElse(value);
	}

	private static Map<String, Double> metrics(ExperimentDefinition definition, Map<String, JsonNode> results,
			List<StepResult> completed) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		definition.metrics().forEach((name, text) -> {
			try {
				Reference reference = Reference.parse(text).orElseThrow();
				JsonNode value = ResultPaths.at(results.get(reference.stepId()), reference.path(), text);
				if (!value.isNumber()) {
					throw new IllegalArgumentException(
							"%s is %s, not a number".formatted(text, value.getNodeType().name().toLowerCase()));
				}
				// A float result is stored as its shortest decimal; the metric is that
				// number, not the float's binary expansion.
				metrics.put(name,
						value.isFloat() ? Double.parseDouble(Float.toString(value.floatValue())) : value.asDouble());
			}
			catch (RuntimeException ex) {
				throw new StepFailedException("metrics", completed, "metric '%s': %s".formatted(name, describe(ex)),
						ex);
			}
		});
		return metrics;
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message == null || message.isBlank()) ? ex.getClass().getSimpleName() : message;
	}

}
