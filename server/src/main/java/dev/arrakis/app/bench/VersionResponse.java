package dev.arrakis.app.bench;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.arrakis.bench.VersionRecord;
import dev.arrakis.bench.run.ExperimentRunner;

/**
 * One version of an experiment.
 *
 * @param experiment the experiment's name
 * @param owner its owner
 * @param sha256 the version: the SHA-256 of the definition's canonical JSON
 * @param parent the version it was edited from, or null
 * @param createdAt when it was first recorded
 * @param definition the definition (canonical JSON)
 */
public record VersionResponse(String experiment, String owner, String sha256, @Nullable String parent,
		Instant createdAt, JsonNode definition) {

	static VersionResponse of(VersionRecord version) {
		return new VersionResponse(version.experiment(), version.owner(), version.sha256(), version.parent(),
				version.createdAt(), ExperimentRunner.JSON.readTree(version.definition()));
	}

}
