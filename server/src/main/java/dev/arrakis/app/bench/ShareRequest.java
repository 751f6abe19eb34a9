package dev.arrakis.app.bench;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * Who may see an experiment.
 *
 * @param visibility {@code private}, {@code team} or {@code public}
 * @param team the team for {@code team} visibility (the caller must be in it), or null
 * for the experiment's team, else the caller's first
 */
public record ShareRequest(@NotNull Visibility visibility, @Nullable String team) {
}
