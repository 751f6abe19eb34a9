package dev.arrakis.app.bench;

import dev.arrakis.bench.VersionRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.arrakis.bench.run.ExperimentRunner;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Runs in PostgreSQL: a run is recorded as {@code RUNNING} before its first step (so a
 * run that never ends is still visible) and ended once, as succeeded with its results or
 * as failed with its error. Each call is its own transaction, committed when it returns.
 */
@Service
public class ExperimentRunStore {

	private static final Logger logger = LoggerFactory.getLogger(ExperimentRunStore.class);

	private final ExperimentRunRepository runs;

	private final RunArtifactRepository runArtifacts;

	private final ArtifactRepository artifacts;

	private final ExperimentVersionStore versions;

	private final Clock clock = Clock.systemUTC();

	ExperimentRunStore(ExperimentRunRepository runs, RunArtifactRepository runArtifacts, ArtifactRepository artifacts,
			ExperimentVersionStore versions) {
		this.runs = runs;
		this.runArtifacts = runArtifacts;
		this.artifacts = artifacts;
		this.versions = versions;
	}

	/** Records a run of a version as started now; returns its id. */
	@Transactional
	public UUID start(String owner, String experiment, String version, String model, boolean replay,
			String manifestJson) {
		ExperimentVersion stored = this.versions.stored(owner, experiment, version);
		UUID id = UUID.randomUUID();
		this.runs.save(new ExperimentRun(id, stored.id(), owner, model, replay, this.clock.instant(), manifestJson));
		return id;
	}

	/** Ends a run as succeeded. */
	@Transactional
	public void succeed(UUID id, String stepsJson, String metricsJson, @Nullable String profileJson) {
		running(id).succeed(this.clock.instant(), stepsJson, metricsJson, profileJson);
	}

	/** Ends a run as failed, keeping the steps that completed (null when none did). */
	@Transactional
	public void fail(UUID id, String error, @Nullable String completedStepsJson) {
		running(id).fail(this.clock.instant(), error, completedStepsJson);
	}

	/** Names an artifact as produced by a run. */
	@Transactional
	public void attach(UUID id, String name, ArtifactRef artifact) {
		this.runArtifacts.save(new RunArtifact(id, name, artifact.sha256()));
	}

	/**
	 * The run with this id.
	 * @throws UnknownRunException when there is none
	 */
	@Transactional(readOnly = true)
	public RunRecord run(UUID id) {
		return this.runs.findById(id).map(this::toRecord).orElseThrow(() -> new UnknownRunException(id.toString()));
	}

	/**
	 * Every run of one version, oldest first.
	 * @throws UnknownExperimentException, UnknownVersionException when there is no such
	 * version
	 */
	@Transactional(readOnly = true)
	public List<RunRecord> runs(String owner, String experiment, String version) {
		long versionId = this.versions.stored(owner, experiment, version).id();
		return this.runs.findByVersionIdOrderByStartedAtAsc(versionId).stream().map(this::toRecord).toList();
	}

	/**
	 * Marks the runs a server stop cut off as failed: at startup no run of this server
	 * can be running yet. (Several servers on one database would need a lease per run;
	 * this server is one process.)
	 */
	@EventListener(ApplicationStartedEvent.class)
	@Transactional
	public void failInterruptedRuns() {
		List<ExperimentRun> interrupted = this.runs.findByStatus(RunStatus.RUNNING);
		Instant now = this.clock.instant();
		for (ExperimentRun run : interrupted) {
			run.fail(now, "interrupted: the server stopped before the run ended", run.results());
		}
		if (!interrupted.isEmpty()) {
			logger.warn("Marked {} run(s) cut off by the last server stop as failed", interrupted.size());
		}
	}

	private ExperimentRun running(UUID id) {
		return this.runs.findById(id).orElseThrow(() -> new UnknownRunException(id.toString()));
	}

	private RunRecord toRecord(ExperimentRun run) {
		VersionRecord version = this.versions.byId(run.versionId());
		List<RunRecord.NamedArtifact> named = this.runArtifacts.findByKeyRunIdOrderByKeyNameAsc(run.id())
			.stream()
			.map((link) -> new RunRecord.NamedArtifact(link.name(), this.artifacts.findById(link.artifactSha256())
				.map((artifact) -> new ArtifactRef(artifact.sha256(), artifact.mediaType(), artifact.sizeBytes()))
				.orElseThrow()))
			.toList();
		return new RunRecord(run.id(), version.experiment(), run.owner(), version.sha256(), run.status(),
				run.modelName(), run.replay(), run.startedAt(), run.endedAt(), run.durationMs(), json(run.manifest()),
				Optional.ofNullable(run.results()).map(ExperimentRunStore::json).orElse(null), metrics(run.metrics()),
				Optional.ofNullable(run.profile()).map(ExperimentRunStore::json).orElse(null), run.error(), named);
	}

	private static JsonNode json(String text) {
		return ExperimentRunner.JSON.readTree(text);
	}

	private static Map<String, Double> metrics(@Nullable String text) {
		if (text == null) {
			return Map.of();
		}
		return ExperimentRunner.JSON.readValue(text, new TypeReference<LinkedHashMap<String, Double>>() {
		});
	}

}
