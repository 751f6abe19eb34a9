package dev.arrakis.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.arrakis.bench.definition.CodeRef;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.definition.Inputs;
import dev.arrakis.bench.definition.ModelRef;
import dev.arrakis.bench.hypothesis.Design;
import dev.arrakis.bench.hypothesis.HypothesisReport;
import dev.arrakis.bench.hypothesis.HypothesisTester;
import dev.arrakis.bench.hypothesis.MetricSamples;
import dev.arrakis.bench.hypothesis.TestOptions;
import dev.arrakis.bench.plot.PlotData;
import dev.arrakis.bench.plot.PlotRenderer;
import dev.arrakis.bench.plot.PlotSpec;
import dev.arrakis.bench.plot.Plots;
import dev.arrakis.bench.profile.Granularity;
import dev.arrakis.bench.profile.ModelProfiler;
import dev.arrakis.bench.profile.Profile;
import dev.arrakis.bench.run.DatasetSource;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.bench.run.InvalidDefinitionException;
import dev.arrakis.bench.run.ModelFingerprint;
import dev.arrakis.bench.run.RunManifest;
import dev.arrakis.bench.run.RunOutcome;
import dev.arrakis.bench.run.StepFailedException;
import dev.arrakis.bench.run.StepResult;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ToolRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The experiment bench for people who embed Arrakis as a library: the original's
 * {@code BaseInterpretabilityBench} with its decorators as methods. Every logged
 * experiment is a version (the same content is the same version) and every execution a
 * run, recorded in an {@link ExperimentStore} with its manifest; a failed run is recorded
 * with its error.
 *
 * <pre>{@code
 * InterpretabilityBench bench = new InterpretabilityBench(model, store, "ada");
 * LoggedRun<HeadScores> run = bench.logExperiment("induction", "induction scores on repeated bytes",
 * 		(tools) -> tools.get("attention", AttentionTools.class).detectHeads(tokens, HeadDetector.INDUCTION));
 * }</pre>
 */
public final class InterpretabilityBench {

	private final HookedAutoModel model;

	private final ToolRegistry registry;

	private final ExperimentStore store;

	private final String owner;

	private final ExperimentRunner runner;

	private @Nullable ModelFingerprint fingerprint;

	/** A bench with the standard tools and no named datasets. */
	public InterpretabilityBench(HookedAutoModel model, ExperimentStore store, String owner) {
		this(model, ToolRegistry.standard(), DatasetSource.NONE, store, owner);
	}

	/**
	 * A bench with the tools of {@code registry} (extend it with
	 * {@link ToolRegistry#with}) and the datasets of {@code datasets}.
	 */
	public InterpretabilityBench(HookedAutoModel model, ToolRegistry registry, DatasetSource datasets,
			ExperimentStore store, String owner) {
		if (owner.isBlank()) {
			throw new IllegalArgumentException("owner is blank: name who the experiments belong to");
		}
		this.model = model;
		this.registry = registry;
		this.store = store;
		this.owner = owner;
		this.runner = new ExperimentRunner(registry, datasets);
	}

	/** Every tool of the bench's registry, bound to its model. */
	public Tools tools() {
		return new Tools(this.registry, this.model, this.registry.keys());
	}

	/**
	 * Runs {@code work} with the tools named {@code keys} (the original's
	 * {@code use_tools}).
	 * @throws IllegalArgumentException for an unknown key, listing the known ones
	 */
	public <R> R useTools(List<String> keys, Function<Tools, R> work) {
		return work.apply(new Tools(this.registry, this.model, keys));
	}

	/**
	 * Runs a Java function as a logged experiment (the original's
	 * {@code log_experiment}): its version is its name, the model (name and weights
	 * hash), the function's class and bytecode hash, and {@code description}; its run
	 * records the result as JSON, the result's top-level numbers as metrics, and the
	 * manifest. An exception is recorded as a failed run and rethrown.
	 */
	public <R> LoggedRun<R> logExperiment(String name, String description, Function<Tools, R> experiment) {
		CodeRef code = CodeIdentity.of(experiment, description);
		ExperimentDefinition definition = new ExperimentDefinition(name, modelRef(), Inputs.NONE, List.of(), Map.of(),
				null, code, List.of());
		requireValid(definition);
		VersionRecord version = this.store.recordVersion(this.owner, definition, null);
		String runId = this.store.startRun(this.owner, version, this.model.name(), manifest(null));
		R result;
		long start = System.nanoTime();
		try {
			result = experiment.apply(tools());
		}
		catch (RuntimeException | Error ex) {
			this.store.failRun(runId, "the experiment threw " + describe(ex), null);
			throw ex;
		}
		JsonNode json = ExperimentRunner.JSON.valueToTree(result);
		StepResult step = new StepResult("result", "code", code.className(), System.nanoTime() - start, json);
		this.store.succeedRun(runId, StepResult.toJson(List.of(step), StepResult.INLINE),
				ExperimentRunner.JSON.writeValueAsString(numbers(json)), null);
		return new LoggedRun<>(result, version, runId);
	}

	/**
	 * Runs an experiment definition (steps against the tools) as a logged experiment.
	 * @throws InvalidDefinitionException before anything is recorded, listing every
	 * problem
	 * @throws StepFailedException after recording the failed run with its error
	 */
	public LoggedRun<RunOutcome> logExperiment(ExperimentDefinition definition) {
		return logExperiment(definition, null);
	}

	/**
	 * {@link #logExperiment(ExperimentDefinition)}, and when {@code profile} is given, a
	 * profile of one forward pass of the first input stored with the run.
	 */
	public LoggedRun<RunOutcome> logExperiment(ExperimentDefinition definition, @Nullable Granularity profile) {
		requireValid(definition);
		VersionRecord version = this.store.recordVersion(this.owner, definition, null);
		String runId = this.store.startRun(this.owner, version, this.model.name(), manifest(definition.seed()));
		try {
			RunOutcome outcome = this.runner.run(definition, this.model);
			String profileJson = (profile != null)
					? ExperimentRunner.JSON.writeValueAsString(profile(outcome.inputs().tokens().get(0), profile))
					: null;
			this.store.succeedRun(runId, StepResult.toJson(outcome.steps(), StepResult.INLINE),
					ExperimentRunner.JSON.writeValueAsString(outcome.metrics()), profileJson);
			return new LoggedRun<>(outcome, version, runId);
		}
		catch (StepFailedException ex) {
			this.store.failRun(runId, ex.getMessage(), StepResult.toJson(ex.completed(), StepResult.INLINE));
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			this.store.failRun(runId, "the run failed: " + describe(ex), null);
			throw ex;
		}
	}

	/** Every version of the owner's experiment {@code name}, oldest first. */
	public List<VersionRecord> listVersions(String name) {
		return this.store.versions(this.owner, name);
	}

	/** One version of the owner's experiment {@code name}; not-found when unknown. */
	public VersionRecord getVersion(String name, String sha256) {
		return this.store.version(this.owner, name, sha256);
	}

	/**
	 * Profiles one forward pass of {@code tokens} (the original's {@code profile_model}):
	 * wall time and activation memory per layer or component, FLOPs, peak native memory.
	 */
	public Profile profile(long[] tokens, Granularity granularity) {
		return new ModelProfiler().profile(this.model, tokens, granularity);
	}

	/**
	 * The data of each plot of {@code tokens}, from one forward pass (the original's
	 * {@code plot_results}); draw them with {@link PlotRenderer#png} or
	 * {@link PlotRenderer#svg}.
	 */
	public List<PlotData> plot(List<PlotSpec> specs, long[] tokens) {
		return Plots.data(this.model, tokens, specs);
	}

	/**
	 * Tests whether {@code metric} differs between two input sets (independent arms:
	 * Welch's t-test decides).
	 */
	public HypothesisReport testHypothesis(String name, Metric metric, List<long[]> armA, List<long[]> armB,
			TestOptions options) {
		return HypothesisTester.test(name, "a", MetricSamples.over(this.model, metric, armA, Hooks.none()), "b",
				MetricSamples.over(this.model, metric, armB, Hooks.none()), Design.INDEPENDENT, options);
	}

	/**
	 * Tests whether {@code metric} differs between two interventions on the same inputs
	 * (paired arms: the paired permutation test decides).
	 */
	public HypothesisReport testHypothesis(String name, Metric metric, List<long[]> inputs, Hooks armA, Hooks armB,
			TestOptions options) {
		return HypothesisTester.test(name, "a", MetricSamples.over(this.model, metric, inputs, armA), "b",
				MetricSamples.over(this.model, metric, inputs, armB), Design.PAIRED, options);
	}

	private void requireValid(ExperimentDefinition definition) {
		var problems = (definition.code() != null)
				? dev.arrakis.bench.definition.DefinitionValidator.forRegistry(this.registry, this.model)
					.validate(definition)
				: this.runner.problems(definition, this.model);
		if (!problems.isEmpty()) {
			throw new InvalidDefinitionException(problems);
		}
	}

	private ModelRef modelRef() {
		ModelFingerprint fingerprint = fingerprint();
		return new ModelRef(this.model.name(), (fingerprint != null) ? fingerprint.modelSha256() : null);
	}

	private RunManifest manifest(@Nullable Long seed) {
		return RunManifest.of(this.model, fingerprint(), seed);
	}

	private synchronized @Nullable ModelFingerprint fingerprint() {
		Path source = this.model.sourceDirectory();
		if (this.fingerprint == null && source != null) {
			this.fingerprint = ModelFingerprint.of(source);
		}
		return this.fingerprint;
	}

	private static Map<String, Double> numbers(JsonNode result) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		if (result.isObject()) {
			for (String field : result.propertyNames()) {
				JsonNode value = result.get(field);
				if (value.isNumber()) {
					metrics.put(field, value.asDouble());
				}
			}
		}
		return metrics;
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ": " + Objects.requireNonNullElse(ex.getMessage(), "(no message)");
	}

}
