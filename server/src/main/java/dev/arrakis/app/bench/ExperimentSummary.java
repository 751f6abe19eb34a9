package dev.arrakis.app.bench;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An experiment as listed.
 *
 * @param owner who owns it
 * @param name its name, unique per owner
 * @param visibility who may see it
 * @param team the team that sees a {@code team} experiment, or null
 * @param versions how many versions it has
 * @param latestRunAt when its latest run started, or null when it never ran
 * @param createdAt when it was created
 */
public record ExperimentSummary(String owner, String name, Visibility visibility, @Nullable String team, long versions,
		@Nullable Instant latestRunAt, Instant createdAt) {
}
