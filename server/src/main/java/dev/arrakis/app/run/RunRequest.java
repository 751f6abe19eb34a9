package dev.arrakis.app.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import dev.arrakis.app.web.InvalidFieldProblem;

/**
 * The body of {@code POST /api/v1/models/{name}/run}. Exactly one of {@code text},
 * {@code texts}, {@code tokens} and {@code batch} is the input; rows of a batch must have
 * equal lengths (no padding is added, since padding would change the activations).
 *
 * @param text one prompt, tokenized with the model's tokenizer
 * @param texts several prompts, one row each; they must tokenize to equal lengths
 * @param tokens one row of token ids
 * @param batch several rows of token ids of equal length
 * @param prependBos with text input: true makes sure the model's BOS token leads, false
 * that it does not; absent: the tokenizer's own behaviour
 * @param hooks hook names or patterns ({@code *} within a dotted segment, {@code **}
 * across) whose activations to return
 * @param positions which positions to return (activations, predictions, logits): a list
 * of indices (negative counts from the end) or {@code {"from": a, "to": b}} (b exclusive,
 * either may be negative or absent); absent: all
 * @param heads which heads to return of per-head hooks (pattern, scores, q, k, v, z,
 * result); absent: all
 * @param stopAtLayer run only blocks [0, stopAtLayer): no predictions, and only hooks
 * before that layer
 * @param topK predictions per position (0: none); default 5
 * @param interventions changes to activations during this run, applied in order
 * @param generate continue the input after the run; the interventions apply while it
 * generates (see {@link Interventions#addToGeneratedTokens})
 * @param includeLogits also return the logits (at the selected positions)
 * @param dtype {@code float32} (default) or {@code float16}: the type of the returned
 * activations and logits (float16 values are rounded to half precision)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(@Nullable String text, @Nullable List<String> texts, @Nullable List<Long> tokens,
		@Nullable List<List<Long>> batch, @Nullable Boolean prependBos,
		@Schema(example = "[\"blocks.*.attn.hook_pattern\", \"blocks.0.hook_resid_post\"]") @Nullable List<String> hooks,
		@Schema(description = "a list of positions (negative from the end) or {\"from\": a, \"to\": b}",
				implementation = Object.class) @Nullable PositionSelector positions,
		@Nullable List<Integer> heads, @Min(0) @Nullable Integer stopAtLayer, @Min(0) @Max(1000) @Nullable Integer topK,
		@Valid @Nullable List<InterventionSpec> interventions, @Valid @Nullable GenerateSpec generate,
		@Nullable Boolean includeLogits, @Schema(allowableValues = {
				"float32", "float16" }) @Nullable String dtype){

	static final int DEFAULT_TOP_K = 5;

	/** A request for the activations {@code hooks} select on {@code tokens}. */
	public static RunRequest ofTokens(List<Long> tokens, List<String> hooks) {
		return new RunRequest(null, null, tokens, null, null, hooks, null, null, null, null, null, null, null, null);
	}

	public int topKOrDefault() {
		return this.topK == null ? DEFAULT_TOP_K : this.topK;
	}

	public boolean logitsIncluded() {
		return Boolean.TRUE.equals(this.includeLogits);
	}

	public List<String> hookPatterns() {
		return this.hooks == null ? List.of() : this.hooks;
	}

	public List<InterventionSpec> interventionList() {
		return this.interventions == null ? List.of() : this.interventions;
	}

	/**
	 * True for float16, false for float32 or absent.
	 * @throws InvalidFieldProblem for any other value
	 */
	public boolean halfPrecision() {
		if (this.dtype == null || this.dtype.equals("float32")) {
			return false;
		}
		if (this.dtype.equals("float16")) {
			return true;
		}
		throw new InvalidFieldProblem("dtype", "dtype must be float32 or float16, got '%s'".formatted(this.dtype));
	}

}
