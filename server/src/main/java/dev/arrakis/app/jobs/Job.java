package dev.arrakis.app.jobs;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A job (table {@code job}): a tool call and where it is. */
@Entity
@Table(name = "job")
class Job {

	@Id
	private UUID id;

	@Column(nullable = false, updatable = false)
	private String owner;

	@Column(nullable = false, updatable = false)
	private String model;

	@Column(nullable = false, updatable = false)
	private String tool;

	@Column(nullable = false, updatable = false)
	private String method;

	@Column(nullable = false, updatable = false)
	private String params;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobStatus status;

	@Column(name = "submitted_at", nullable = false, updatable = false)
	private Instant submittedAt;

	@Column(name = "started_at")
	private @Nullable Instant startedAt;

	@Column(name = "ended_at")
	private @Nullable Instant endedAt;

	@Column(name = "forward_passes", nullable = false)
	private long forwardPasses;

	private @Nullable String result;

	@Column(name = "result_artifact")
	private @Nullable String resultArtifact;

	private @Nullable String error;

	Job(UUID id, String owner, String model, String tool, String method, String params, Instant submittedAt) {
		this.id = id;
		this.owner = owner;
		this.model = model;
		this.tool = tool;
		this.method = method;
		this.params = params;
		this.status = JobStatus.QUEUED;
		this.submittedAt = submittedAt;
	}

	protected Job() {
		this.id = new UUID(0, 0);
		this.owner = "";
		this.model = "";
		this.tool = "";
		this.method = "";
		this.params = "";
		this.status = JobStatus.QUEUED;
		this.submittedAt = Instant.EPOCH;
	}

	void start(Instant at) {
		this.status = JobStatus.RUNNING;
		this.startedAt = at;
	}

	void succeed(Instant at, long passes, @Nullable String result, @Nullable String resultArtifact) {
		end(JobStatus.SUCCEEDED, at, passes);
		this.result = result;
		this.resultArtifact = resultArtifact;
	}

	void end(JobStatus status, Instant at, long passes, String error) {
		end(status, at, passes);
		this.error = error;
	}

	private void end(JobStatus status, Instant at, long passes) {
		this.status = status;
		this.endedAt = at;
		this.forwardPasses = passes;
	}

	UUID id() {
		return this.id;
	}

	String owner() {
		return this.owner;
	}

	String model() {
		return this.model;
	}

	String tool() {
		return this.tool;
	}

	String method() {
		return this.method;
	}

	String params() {
		return this.params;
	}

	JobStatus status() {
		return this.status;
	}

	Instant submittedAt() {
		return this.submittedAt;
	}

	@Nullable Instant startedAt() {
		return this.startedAt;
	}

	@Nullable Instant endedAt() {
		return this.endedAt;
	}

	long forwardPasses() {
		return this.forwardPasses;
	}

	@Nullable String result() {
		return this.result;
	}

	@Nullable String resultArtifact() {
		return this.resultArtifact;
	}

	@Nullable String error() {
		return this.error;
	}

}
