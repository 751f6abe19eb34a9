package dev.arrakis.app.models;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One load of a model into memory (table {@code model_load}, created by
 * {@code V1__create_model_load.sql}): which model, what it was, where it went and how
 * long loading took. Rows are only ever inserted.
 */
@Entity
@Table(name = "model_load")
class ModelLoad {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "model_name", nullable = false, updatable = false)
	private String modelName;

	@Column(nullable = false, updatable = false)
	private String architecture;

	@Column(name = "parameter_count", nullable = false, updatable = false)
	private long parameterCount;

	@Column(nullable = false, updatable = false)
	private String dtype;

	@Column(nullable = false, updatable = false)
	private String device;

	@Column(name = "load_millis", nullable = false, updatable = false)
	private long loadMillis;

	@Column(name = "loaded_at", nullable = false, updatable = false)
	private Instant loadedAt;

	ModelLoad(String modelName, String architecture, long parameterCount, String dtype, String device, long loadMillis,
			Instant loadedAt) {
		this.modelName = modelName;
		this.architecture = architecture;
		this.parameterCount = parameterCount;
		this.dtype = dtype;
		this.device = device;
		this.loadMillis = loadMillis;
		this.loadedAt = loadedAt;
	}

	/** The generated key, known once the row is saved. */
	long id() {
		Long id = this.id;
		if (id == null) {
			throw new IllegalStateException("model_load row for " + this.modelName + " is not saved yet");
		}
		return id;
	}

	/** For JPA only. */
	protected ModelLoad() {
		this("", "", 0, "", "", 0, Instant.EPOCH);
	}

}
