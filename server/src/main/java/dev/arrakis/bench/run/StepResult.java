package dev.arrakis.bench.run;

import tools.jackson.databind.JsonNode;

/**
 * What one step returned.
 *
 * @param id the step's id
 * @param tool the tool's key
 * @param method the method's name
 * @param wallNanos how long the call took
 * @param result the method's result as JSON
 */
public record StepResult(String id, String tool, String method, long wallNanos, JsonNode result) {
}
