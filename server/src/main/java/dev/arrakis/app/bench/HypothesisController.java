package dev.arrakis.app.bench;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.bench.hypothesis.Design;
import dev.arrakis.bench.hypothesis.HypothesisReport;
import dev.arrakis.bench.hypothesis.HypothesisTester;
import dev.arrakis.bench.hypothesis.MetricSamples;
import dev.arrakis.bench.hypothesis.TestOptions;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Hypothesis tests on a resident model: a metric over two input sets, each input run
 * alone, compared by Welch's t-test with Mann-Whitney U, effect sizes and a bootstrap
 * interval.
 */
@RestController
class HypothesisController {

	/**
	 * The metric is read exactly as the tools read their {@code metric} parameters, so it
	 * has the same JSON forms and the same error messages.
	 */
	private static final ToolMethod METRIC = new ToolMethod("hypothesis", "a hypothesis test's metric",
			List.of(ParamSpec.required("metric", "metric", JsonForms.METRIC)),
			new ResultSpec("HypothesisReport", "[]", "p-values and effect sizes"));

	private final ModelRegistry models;

	HypothesisController(ModelRegistry models) {
		this.models = models;
	}

	@Operation(operationId = "testHypothesis",
			summary = "Tests whether a metric differs between two input sets on a resident model",
			description = "400 invalid-request naming the field (metric, armA, armB, options) that does not fit; "
					+ "404 unknown-model")
	@PostMapping("/api/v1/models/{name}/hypothesis")
	HypothesisReport test(@PathVariable String name, @Valid @RequestBody HypothesisRequest request) {
		Metric metric = metric(request.metric());
		TestOptions options;
		try {
			options = request.testOptions();
		}
		catch (IllegalArgumentException ex) {
			throw InvalidFieldProblem.refused("options", ex);
		}
		return this.models.withModel(name, (model) -> {
			double[] a = samples("armA", () -> MetricSamples.over(model, metric, request.armA(), Hooks.none()));
			double[] b = samples("armB", () -> MetricSamples.over(model, metric, request.armB(), Hooks.none()));
			try {
				return HypothesisTester.test(request.name(), "armA", a, "armB", b, Design.INDEPENDENT, options);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidFieldProblem.refused("armA, armB", ex);
			}
		});
	}

	private static Metric metric(Object json) {
		try {
			return Arguments.of(METRIC, Map.of("metric", json)).metric("metric");
		}
		catch (IllegalArgumentException ex) {
			throw InvalidFieldProblem.refused("metric", ex);
		}
	}

	private static double[] samples(String arm, java.util.function.Supplier<double[]> values) {
		try {
			return values.get();
		}
		catch (IllegalArgumentException ex) {
			throw InvalidFieldProblem.refused(arm, ex);
		}
	}

}
