package dev.arrakis.bench.run;

import java.util.List;
import java.util.function.BiConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

	/** Puts a step's result into its stored entry as {@code result}. */
	public static final BiConsumer<StepResult, ObjectNode> INLINE = (step, entry) -> entry.set("result", step.result());

	/**
	 * Steps as a run stores them: a JSON array of {@code {id, tool, method, wallNanos}}
	 * objects, each completed by {@code result} with the step's result or where it lies
	 * (e.g. {@link #INLINE}).
	 */
	public static String toJson(List<StepResult> steps, BiConsumer<StepResult, ObjectNode> result) {
		ArrayNode array = ExperimentRunner.JSON.createArrayNode();
		for (StepResult step : steps) {
			ObjectNode entry = array.addObject()
				.put("id", step.id())
				.put("tool", step.tool())
				.put("method", step.method())
				.put("wallNanos", step.wallNanos());
			result.accept(step, entry);
		}
		return ExperimentRunner.JSON.writeValueAsString(array);
	}

}
