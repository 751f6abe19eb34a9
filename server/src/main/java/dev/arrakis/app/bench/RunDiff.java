package dev.arrakis.app.bench;

import java.util.UUID;

import dev.arrakis.bench.diff.DiffReport;

/**
 * How two runs differ.
 *
 * @param left the first run
 * @param right the second run
 * @param leftStatus the first run's status
 * @param rightStatus the second run's status
 * @param definition their versions' definitions (exact)
 * @param manifest how they were made (exact)
 * @param results their step results by step id (numbers within the tolerance)
 * @param metrics their metrics (numbers within the tolerance)
 */
public record RunDiff(UUID left, UUID right, RunStatus leftStatus, RunStatus rightStatus, DiffReport definition,
		DiffReport manifest, DiffReport results, DiffReport metrics) {
}
