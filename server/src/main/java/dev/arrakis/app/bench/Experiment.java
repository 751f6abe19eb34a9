package dev.arrakis.app.bench;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** An experiment: an owner's name for a line of versions (table {@code experiment}). */
@Entity
@Table(name = "experiment")
class Experiment {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(nullable = false, updatable = false)
	private String owner;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	/** {@link Visibility} in lower case, as the table's check constraint allows. */
	@Column(nullable = false)
	private String visibility = Visibility.PRIVATE.value();

	private @Nullable String team;

	Experiment(String owner, String name, Instant createdAt) {
		this.owner = owner;
		this.name = name;
		this.createdAt = createdAt;
	}

	protected Experiment() {
		this.owner = "";
		this.name = "";
		this.createdAt = Instant.EPOCH;
	}

	long id() {
		Long id = this.id;
		if (id == null) {
			throw new IllegalStateException("experiment not saved yet");
		}
		return id;
	}

	String owner() {
		return this.owner;
	}

	String name() {
		return this.name;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Visibility visibility() {
		return Visibility.of(this.visibility);
	}

	@Nullable String team() {
		return this.team;
	}

	void share(Visibility visibility, @Nullable String team) {
		this.visibility = visibility.value();
		this.team = team;
	}

}
