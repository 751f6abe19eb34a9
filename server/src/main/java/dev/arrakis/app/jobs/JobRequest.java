package dev.arrakis.app.jobs;

import java.util.Map;
import java.util.Objects;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * A tool call to run as a job.
 *
 * @param model the resident model
 * @param tool the tool's key, e.g. {@code causal}
 * @param method the method, e.g. {@code patch}
 * @param params its parameters as JSON values (see {@code GET /api/v1/tools})
 */
public record JobRequest(@NotBlank String model, @NotBlank String tool, @NotBlank String method,
		@Nullable Map<String, Object> params) {

	Map<String, Object> parameters() {
		return Objects.requireNonNullElse(this.params, Map.of());
	}

}
