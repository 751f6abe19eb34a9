package dev.arrakis.app.bench;

import dev.arrakis.bench.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.definition.ModelRef;
import dev.arrakis.bench.definition.Problem;
import dev.arrakis.bench.diff.DiffReport;
import dev.arrakis.bench.diff.JsonDiff;
import dev.arrakis.bench.diff.Tolerance;
import dev.arrakis.bench.plot.PlotData;
import dev.arrakis.bench.plot.PlotRenderer;
import dev.arrakis.bench.profile.Granularity;
import dev.arrakis.bench.profile.ModelProfiler;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.bench.run.FolderDatasets;
import dev.arrakis.bench.run.ModelFingerprint;
import dev.arrakis.bench.run.RunManifest;
import dev.arrakis.bench.run.RunOutcome;
import dev.arrakis.bench.run.StepFailedException;
import dev.arrakis.bench.run.StepResult;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.ToolRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Runs experiment definitions on resident models and records every run: the definition is
 * checked first (an invalid one is refused with every problem, and nothing is recorded),
 * then its version is recorded, then the run, which ends as succeeded with its results or
 * as failed with its error; either way it stays visible. Also replays a version on
 * another model and compares versions and runs.
 */
@Service
public class ExperimentRunService {

	private static final int PLOT_WIDTH = 800;

	private static final int PLOT_HEIGHT = 600;

	private final ModelRegistry models;

	private final ExperimentVersionStore versions;

	private final ExperimentRunStore runs;

	private final ArtifactStore artifacts;

	private final PostgresExperimentStore store;

	private final ExperimentRunner runner;

	private final long inlineResultBytes;

	private final Map<HookedAutoModel, ModelFingerprint> fingerprints = Collections
		.synchronizedMap(new WeakHashMap<>());

	ExperimentRunService(ModelRegistry models, ExperimentVersionStore versions, ExperimentRunStore runs,
			ArtifactStore artifacts, PostgresExperimentStore store, BenchProperties properties) {
		this.store = store;
		this.models = models;
		this.versions = versions;
		this.runs = runs;
		this.artifacts = artifacts;
		this.runner = new ExperimentRunner(ToolRegistry.standard(), new FolderDatasets(properties.datasetsDir()));
		this.inlineResultBytes = properties.inlineResultBytes().toBytes();
	}

	/**
	 * Runs {@code definition} on the resident model it names, as a version of the owner's
	 * experiment.
	 * @param parent the version it was edited from, or null
	 * @return the run as recorded: succeeded, or failed with its error
	 * @throws InvalidDefinitionProblem when the definition has problems (nothing is
	 * recorded)
	 */
	public RunRecord run(String owner, ExperimentDefinition definition, @Nullable String parent) {
		return run(owner, definition, parent, null);
	}

	/**
	 * {@link #run(String, ExperimentDefinition, String)}, and when {@code profile} is
	 * given, a profile of one forward pass of the first input stored with the run.
	 */
	public RunRecord run(String owner, ExperimentDefinition definition, @Nullable String parent,
			@Nullable Granularity profile) {
		return this.models.withModel(definition.model().name(), (model) -> execute(owner, definition, model,
				() -> recordVersion(owner, definition, parent), false, profile));
	}

	/**
	 * Runs a stored version on another resident model (or another revision loaded under
	 * another name), recorded as a replay run of that version.
	 */
	public RunRecord replay(String owner, String experiment, String version, String model) {
		VersionRecord stored = this.versions.version(owner, experiment, version);
		ExperimentDefinition definition = DefinitionJson.read(stored.definition()).onModel(new ModelRef(model, null));
		return this.models.withModel(model,
				(resident) -> execute(owner, definition, resident, () -> stored, true, null));
	}

	/** The differences between two versions' definitions. */
	public DiffReport diffVersions(String owner, String experiment, String left, String right) {
		return JsonDiff.diff(definition(owner, experiment, left), definition(owner, experiment, right),
				Tolerance.EXACT);
	}

	/**
	 * The differences between two runs: their definitions, manifests, step results
	 * (numbers within {@code tolerance}, large results read from their artifacts) and
	 * metrics.
	 */
	public RunDiff diffRuns(UUID left, UUID right, Tolerance tolerance) {
		RunRecord a = this.runs.run(left);
		RunRecord b = this.runs.run(right);
		return new RunDiff(a.id(), b.id(), a.status(), b.status(),
				JsonDiff.diff(definition(a.owner(), a.experiment(), a.version()),
						definition(b.owner(), b.experiment(), b.version()), Tolerance.EXACT),
				JsonDiff.diff(a.manifest(), b.manifest(), Tolerance.EXACT),
				JsonDiff.diff(resultsById(a), resultsById(b), tolerance),
				JsonDiff.diff(ExperimentRunner.JSON.valueToTree(a.metrics()),
						ExperimentRunner.JSON.valueToTree(b.metrics()), tolerance));
	}

	private RunRecord execute(String owner, ExperimentDefinition definition, HookedAutoModel model,
			Supplier<VersionRecord> version, boolean replay, @Nullable Granularity profile) {
		List<Problem> problems = new ArrayList<>(this.runner.problems(definition, model));
		ModelFingerprint fingerprint = fingerprint(model);
		String pinned = definition.model().weightsHash();
		if (pinned != null && (fingerprint == null || !pinned.equals(fingerprint.modelSha256()))) {
			problems.add(new Problem("model.weightsHash", "is %s, but the resident model '%s' has %s".formatted(pinned,
					model.name(), (fingerprint != null) ? fingerprint.modelSha256() : "no files to hash")));
		}
		if (!problems.isEmpty()) {
			throw new InvalidDefinitionProblem(problems);
		}
		VersionRecord recorded = version.get();
		RunManifest manifest = RunManifest.of(model, fingerprint, definition.seed());
		UUID id = this.runs.start(owner, recorded.experiment(), recorded.sha256(), model.name(), replay,
				ExperimentRunner.JSON.writeValueAsString(manifest));
		try {
			RunOutcome outcome = this.runner.run(definition, model);
			String profileJson = (profile != null) ? ExperimentRunner.JSON.writeValueAsString(
					new ModelProfiler().profile(model, outcome.inputs().tokens().get(0), profile)) : null;
			storePlots(id, outcome.plots());
			this.runs.succeed(id, stepsJson(id, outcome.steps()),
					ExperimentRunner.JSON.writeValueAsString(outcome.metrics()), profileJson);
		}
		catch (StepFailedException ex) {
			this.runs.fail(id, ex.getMessage(), stepsJson(id, ex.completed()));
		}
		catch (RuntimeException | Error ex) {
			this.runs.fail(id, "the run failed: " + Objects.requireNonNullElse(ex.getMessage(), ex.toString()), null);
			if (ex instanceof Error error) {
				throw error;
			}
		}
		return this.runs.run(id);
	}

	/** Steps as stored: results inline, or in an artifact when larger than the limit. */
	private String stepsJson(UUID run, List<StepResult> steps) {
		return StepResult.toJson(steps, (step, entry) -> {
			byte[] result = ExperimentRunner.JSON.writeValueAsBytes(step.result());
			if (result.length > this.inlineResultBytes) {
				ArtifactRef artifact = this.artifacts.put(result, "application/json");
				this.runs.attach(run, "steps/" + step.id() + ".json", artifact);
				entry.put("artifact", artifact.sha256());
			}
			else {
				StepResult.INLINE.accept(step, entry);
			}
		});
	}

	/**
	 * Each plot as its data (JSON, for the dashboard), a PNG and an SVG, named
	 * {@code plots/<index>-<type>.<extension>}.
	 */
	private void storePlots(UUID run, List<PlotData> plots) {
		for (int i = 0; i < plots.size(); i++) {
			PlotData plot = plots.get(i);
			String name = "plots/%d-%s".formatted(i, plot.type());
			this.runs.attach(run, name + ".json",
					this.artifacts.put(ExperimentRunner.JSON.writeValueAsBytes(plot), "application/json"));
			this.runs.attach(run, name + ".png",
					this.artifacts.put(PlotRenderer.png(plot, PLOT_WIDTH, PLOT_HEIGHT), "image/png"));
			this.runs.attach(run, name + ".svg", this.artifacts.put(
					PlotRenderer.svg(plot, PLOT_WIDTH, PLOT_HEIGHT).getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
		}
	}

	/** A run's step results by step id, large ones read back from their artifacts. */
	private JsonNode resultsById(RunRecord run) {
		Map<String, JsonNode> results = new LinkedHashMap<>();
		JsonNode steps = run.steps();
		if (steps != null) {
			for (JsonNode step : steps) {
				JsonNode artifact = step.get("artifact");
				JsonNode result = (artifact == null) ? step.get("result")
						: ExperimentRunner.JSON.readTree(new String(this.artifacts.get(artifact.asString())
							.orElseThrow(() -> new IllegalStateException(
									"artifact %s of run %s is missing".formatted(artifact.asString(), run.id())))
							.content(), StandardCharsets.UTF_8));
				results.put(step.get("id").asString(), result);
			}
		}
		return ExperimentRunner.JSON.valueToTree(results);
	}

	private JsonNode definition(String owner, String experiment, String version) {
		return ExperimentRunner.JSON.readTree(this.versions.version(owner, experiment, version).definition());
	}

	private VersionRecord recordVersion(String owner, ExperimentDefinition definition, @Nullable String parent) {
		return this.store.recordVersion(owner, definition, parent);
	}

	private @Nullable ModelFingerprint fingerprint(HookedAutoModel model) {
		Path source = model.sourceDirectory();
		if (source == null) {
			return null;
		}
		return this.fingerprints.computeIfAbsent(model, (key) -> ModelFingerprint.of(source));
	}

}
