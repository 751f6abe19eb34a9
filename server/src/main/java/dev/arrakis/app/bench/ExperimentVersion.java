package dev.arrakis.app.bench;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One version of an experiment (table {@code experiment_version}): the definition's
 * canonical JSON and its SHA-256, linked to the version it was edited from.
 */
@Entity
@Table(name = "experiment_version")
class ExperimentVersion {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "experiment_id", nullable = false, updatable = false)
	private long experimentId;

	@Column(nullable = false, updatable = false)
	private String sha256;

	@Column(name = "parent_version_id", updatable = false)
	private @Nullable Long parentVersionId;

	@Column(nullable = false, updatable = false)
	private String definition;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	ExperimentVersion(long experimentId, String sha256, @Nullable Long parentVersionId, String definition,
			Instant createdAt) {
		this.experimentId = experimentId;
		this.sha256 = sha256;
		this.parentVersionId = parentVersionId;
		this.definition = definition;
		this.createdAt = createdAt;
	}

	protected ExperimentVersion() {
		this.sha256 = "";
		this.definition = "";
		this.createdAt = Instant.EPOCH;
	}

	long id() {
		Long id = this.id;
		if (id == null) {
			throw new IllegalStateException("version not saved yet");
		}
		return id;
	}

	long experimentId() {
		return this.experimentId;
	}

	String sha256() {
		return this.sha256;
	}

	@Nullable Long parentVersionId() {
		return this.parentVersionId;
	}

	String definition() {
		return this.definition;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
