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
 * One unload of a resident model through the API (table {@code model_unload}, created by
 * {@code V2__create_model_unload.sql}): which load it ended and when the model stopped
 * being served. A {@code model_load} row without one stayed resident until the server
 * stopped. Rows are only ever inserted.
 */
@Entity
@Table(name = "model_unload")
class ModelUnload {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "model_load_id", nullable = false, updatable = false)
	private long modelLoadId;

	@Column(name = "unloaded_at", nullable = false, updatable = false)
	private Instant unloadedAt;

	ModelUnload(long modelLoadId, Instant unloadedAt) {
		this.modelLoadId = modelLoadId;
		this.unloadedAt = unloadedAt;
	}

	/** For JPA only. */
	protected ModelUnload() {
		this(0, Instant.EPOCH);
	}

}
