package dev.arrakis.app.bench;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.arrakis.bench.profile.Granularity;

/**
 * A definition to run as a version of the caller's experiment of its name.
 *
 * @param definition the experiment definition (name, model, inputs, steps, metrics, seed,
 * plots)
 * @param parent the version it was edited from, or null
 * @param profile {@code LAYER} or {@code COMPONENT} to profile one forward pass of the
 * first input with the run, or null
 */
public record ExperimentRunRequest(@NotNull JsonNode definition, @Nullable String parent,
		@Nullable Granularity profile) {
}
