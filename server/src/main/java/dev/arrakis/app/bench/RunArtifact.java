package dev.arrakis.app.bench;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An artifact a run produced, under a name unique within the run (table
 * {@code run_artifact}).
 */
@Entity
@Table(name = "run_artifact")
class RunArtifact {

	@EmbeddedId
	private Key key;

	@Column(name = "artifact_sha256", nullable = false, updatable = false)
	private String artifactSha256;

	RunArtifact(UUID runId, String name, String artifactSha256) {
		this.key = new Key(runId, name);
		this.artifactSha256 = artifactSha256;
	}

	protected RunArtifact() {
		this.key = new Key();
		this.artifactSha256 = "";
	}

	String name() {
		return this.key.name;
	}

	UUID runId() {
		return this.key.runId;
	}

	String artifactSha256() {
		return this.artifactSha256;
	}

	@Embeddable
	static class Key implements Serializable {

		@Column(name = "run_id", nullable = false, updatable = false)
		private UUID runId;

		@Column(nullable = false, updatable = false)
		private String name;

		Key(UUID runId, String name) {
			this.runId = runId;
			this.name = name;
		}

		protected Key() {
			this.runId = new UUID(0, 0);
			this.name = "";
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && key.runId.equals(this.runId) && key.name.equals(this.name);
		}

		@Override
		public int hashCode() {
			return 31 * this.runId.hashCode() + this.name.hashCode();
		}

	}

}
