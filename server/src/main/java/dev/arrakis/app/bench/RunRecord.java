package dev.arrakis.app.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A stored run of an experiment version.
 *
 * @param id the run's id
 * @param experiment the experiment's name
 * @param owner who ran it
 * @param version the version it ran (SHA-256 of the definition)
 * @param status where it is
 * @param model the model it ran on (for a replay, another than the definition's)
 * @param replay whether it replayed the version on another model
 * @param startedAt when it started
 * @param endedAt when it ended, or null while running
 * @param durationMs how long it took, or null while running
 * @param manifest exactly how it was made ({@link dev.arrakis.bench.run.RunManifest})
 * @param steps every completed step: {@code id}, {@code tool}, {@code method},
 * {@code wallNanos}, and either {@code result} or, for a result larger than
 * {@code arrakis.bench.inline-result-bytes}, {@code artifact} (the hash of its JSON);
 * null while running
 * @param metrics the definition's metrics by name; empty unless it succeeded
 * @param profile the forward pass's profile when one was asked for, or null
 * @param error why it failed, or null
 * @param artifacts the artifacts it produced, by name
 */
public record RunRecord(UUID id, String experiment, String owner, String version, RunStatus status, String model,
		boolean replay, Instant startedAt, @Nullable Instant endedAt, @Nullable Long durationMs, JsonNode manifest,
		@Nullable JsonNode steps, Map<String, Double> metrics, @Nullable JsonNode profile, @Nullable String error,
		List<NamedArtifact> artifacts) {

	/**
	 * An artifact of a run.
	 *
	 * @param name its name within the run, e.g. {@code steps/sweep.json} or
	 * {@code plots/attention.png}
	 * @param ref where to find it
	 */
	public record NamedArtifact(String name, ArtifactRef ref) {
	}

}
