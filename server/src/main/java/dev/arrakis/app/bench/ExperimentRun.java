package dev.arrakis.app.bench;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One run of an experiment version (table {@code experiment_run}): inserted when it
 * starts, ended once with its results or its error.
 */
@Entity
@Table(name = "experiment_run")
class ExperimentRun {

	@Id
	private UUID id;

	@Column(name = "version_id", nullable = false, updatable = false)
	private long versionId;

	@Column(nullable = false, updatable = false)
	private String owner;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private RunStatus status;

	@Column(name = "model_name", nullable = false, updatable = false)
	private String modelName;

	@Column(nullable = false, updatable = false)
	private boolean replay;

	@Column(name = "started_at", nullable = false, updatable = false)
	private Instant startedAt;

	@Column(name = "ended_at")
	private @Nullable Instant endedAt;

	@Column(name = "duration_ms")
	private @Nullable Long durationMs;

	@Column(nullable = false, updatable = false)
	private String manifest;

	private @Nullable String results;

	private @Nullable String metrics;

	private @Nullable String profile;

	private @Nullable String error;

	ExperimentRun(UUID id, long versionId, String owner, String modelName, boolean replay, Instant startedAt,
			String manifest) {
		this.id = id;
		this.versionId = versionId;
		this.owner = owner;
		this.status = RunStatus.RUNNING;
		this.modelName = modelName;
		this.replay = replay;
		this.startedAt = startedAt;
		this.manifest = manifest;
	}

	protected ExperimentRun() {
		this.id = new UUID(0, 0);
		this.owner = "";
		this.status = RunStatus.RUNNING;
		this.modelName = "";
		this.startedAt = Instant.EPOCH;
		this.manifest = "";
	}

	/** Ends the run as succeeded. */
	void succeed(Instant endedAt, String results, String metrics, @Nullable String profile) {
		end(RunStatus.SUCCEEDED, endedAt);
		this.results = results;
		this.metrics = metrics;
		this.profile = profile;
	}

	/** Ends the run as failed, keeping the results of the steps that completed. */
	void fail(Instant endedAt, String error, @Nullable String partialResults) {
		end(RunStatus.FAILED, endedAt);
		this.error = error;
		this.results = partialResults;
	}

	private void end(RunStatus status, Instant endedAt) {
		if (this.status != RunStatus.RUNNING) {
			throw new IllegalStateException("run %s already ended as %s".formatted(this.id, this.status));
		}
		this.status = status;
		this.endedAt = endedAt;
		this.durationMs = Math.max(0, endedAt.toEpochMilli() - this.startedAt.toEpochMilli());
	}

	UUID id() {
		return this.id;
	}

	long versionId() {
		return this.versionId;
	}

	String owner() {
		return this.owner;
	}

	RunStatus status() {
		return this.status;
	}

	String modelName() {
		return this.modelName;
	}

	boolean replay() {
		return this.replay;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	@Nullable Instant endedAt() {
		return this.endedAt;
	}

	@Nullable Long durationMs() {
		return this.durationMs;
	}

	String manifest() {
		return this.manifest;
	}

	@Nullable String results() {
		return this.results;
	}

	@Nullable String metrics() {
		return this.metrics;
	}

	@Nullable String profile() {
		return this.profile;
	}

	@Nullable String error() {
		return this.error;
	}

}
