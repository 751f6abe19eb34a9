package dev.arrakis.bench;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A stored version of an experiment.
 *
 * @param experiment the experiment's name
 * @param owner who owns it
 * @param sha256 the version: SHA-256 of the definition's canonical JSON
 * @param parent the version it was edited from, if any
 * @param definition the canonical JSON
 * @param createdAt when this version was first recorded
 * @param created whether this call recorded it (false: it already existed)
 */
public record VersionRecord(String experiment, String owner, String sha256, @Nullable String parent, String definition,
		Instant createdAt, boolean created) {
}
