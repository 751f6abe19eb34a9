package dev.arrakis.app.jobs;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it.
 *
 * @param id the job's id
 * @param owner who submitted it
 * @param model the model it runs on
 * @param tool the tool's key
 * @param method the method
 * @param status where it is
 * @param submittedAt when it was submitted
 * @param startedAt when a worker started it, or null
 * @param endedAt when it ended, or null
 * @param forwardPasses the forward passes it has made so far: its progress
 * @param result the result when it succeeded and is small, else null
 * @param resultArtifact the SHA-256 of the result's JSON artifact when it is large
 * ({@code GET /api/v1/artifacts/{sha256}}), else null
 * @param error why it failed, was cancelled or interrupted, or null
 * @param partialResult while it runs, the part of its result it has completed so far, in
 * the form of the result (the finished layers of {@code attention.ablation_sweep} and
 * {@code causal.patch}, the layers of {@code knowledge.probe_all_layers} probed so far,
 * the sequences of {@code sparsity.activation_sparsity} done so far) or in the form its
 * method documents ({@code superposition.train_sparse_autoencoder}: a
 * {@code SparseAutoencoderProgress}); null for methods that report none, before the first
 * report, and once it ended
 */
public record JobView(UUID id, String owner, String model, String tool, String method, JobStatus status,
		Instant submittedAt, @Nullable Instant startedAt, @Nullable Instant endedAt, long forwardPasses,
		@Nullable JsonNode result, @Nullable String resultArtifact, @Nullable String error,
		@Nullable JsonNode partialResult) {
}
