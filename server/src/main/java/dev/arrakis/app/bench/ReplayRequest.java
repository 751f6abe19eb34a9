package dev.arrakis.app.bench;

import jakarta.validation.constraints.NotBlank;

/**
 * A stored version to run again on another resident model.
 *
 * @param model the resident model's name
 */
public record ReplayRequest(@NotBlank String model) {
}
