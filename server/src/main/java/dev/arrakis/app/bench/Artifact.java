package dev.arrakis.app.bench;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A content-addressed artifact (table {@code artifact}): its bytes here when small, in
 * the file store under its hash otherwise. Rows are written by
 * {@link ArtifactRepository#insertIfAbsent} only and never change.
 */
@Entity
@Table(name = "artifact")
class Artifact {

	@Id
	private String sha256;

	@Column(name = "media_type", nullable = false, updatable = false)
	private String mediaType;

	@Column(name = "size_bytes", nullable = false, updatable = false)
	private long sizeBytes;

	@Column(updatable = false)
	private byte @Nullable [] content;

	@Column(name = "in_file", nullable = false, updatable = false)
	private boolean inFile;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected Artifact() {
		this.sha256 = "";
		this.mediaType = "";
		this.createdAt = Instant.EPOCH;
	}

	String sha256() {
		return this.sha256;
	}

	String mediaType() {
		return this.mediaType;
	}

	long sizeBytes() {
		return this.sizeBytes;
	}

	byte @Nullable [] content() {
		return this.content;
	}

	boolean inFile() {
		return this.inFile;
	}

}
