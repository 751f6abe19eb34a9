package dev.arrakis.bench;

/**
 * A logged experiment's result and where it was recorded.
 *
 * @param result what the experiment returned
 * @param version the version it ran as
 * @param runId the id of the recorded run
 * @param <R> the result's type
 */
public record LoggedRun<R>(R result, VersionRecord version, String runId) {
}
