package dev.arrakis.app.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The JSON answer of {@code POST /api/v1/models/{name}/run}. Every per-row field is a
 * list over the input rows, also for a single {@code text} or {@code tokens} input.
 *
 * @param model the model's name
 * @param tokens the input token ids, [batch][pos]
 * @param tokenStrings each input token's text (null when the model has no tokenizer)
 * @param predictions per row, per selected position, the {@code topK} most likely next
 * tokens (empty when topK is 0 or the run stops early)
 * @param activations the selected hooks' activations, narrowed to the selected positions
 * and heads, in execution order
 * @param logits the logits at the selected positions when {@code includeLogits} was set
 * @param generated the continuation when {@code generate} was set
 * @param timings how long the parts took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResponse(String model, long[][] tokens, @Nullable List<List<String>> tokenStrings,
		List<List<Prediction>> predictions, List<ActivationTensor> activations, @Nullable ActivationTensor logits,
		@Nullable Generation generated, RunTimings timings) {
}
