package dev.arrakis.app.streaming;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.arrakis.app.run.InterventionSpec;
import dev.arrakis.app.run.PositionSelector;

/**
 * The run request a client sends as a text message on {@code /ws/v1/activations}, e.g.
 * <pre>
 * {"model": "tiny-induction-2l", "text": "def f(x):", "hooks": ["blocks.*.attn.hook_pattern"],
 *  "dtype": "float16", "generate": {"maxNewTokens": 8}}
 * </pre> {@code positions}, {@code heads} and {@code interventions} have the JSON forms
 * and the checks of {@code POST /api/v1/models/{name}/run}. Positions index the prompt:
 * they narrow the prompt pass's frames and limit interventions to the prompt pass, while
 * each generated token's pass (one position) streams that position whole.
 *
 * @param model the resident model to run
 * @param text the prompt as text, tokenized by the model's tokenizer; or
 * @param tokens the prompt as token ids in [0, vocab) (exactly one of text and tokens)
 * @param prependBos with {@code text}: whether to put the BOS token first; absent: the
 * tokenizer's default
 * @param hooks hook names and glob patterns ({@code *} within a dotted segment,
 * {@code **} across), each matching at least one hook point of the model
 * @param dtype {@code float32} (default) or {@code float16}: the type of the streamed
 * tensors
 * @param generate absent: one forward pass over the prompt; present: greedy generation
 * with the KV cache
 * @param positions which prompt positions the prompt pass's frames keep: a list of
 * indices (negative from the end) or {@code {"from": a, "to": b}}; absent: all
 * @param heads which heads the frames of per-head hooks keep, at every step; absent: all
 * @param interventions changes to activations, applied in order in the prompt pass and,
 * except those limited to {@code positions} and {@code mean_ablate} ones, in each
 * generated token's pass
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActivationStreamRequest(@Nullable String model, @Nullable String text, long @Nullable [] tokens,
		@Nullable Boolean prependBos, @Nullable List<String> hooks, @Nullable String dtype, @Nullable Generate generate,
		@Nullable PositionSelector positions, @Nullable List<Integer> heads,
		@Nullable List<InterventionSpec> interventions) {

	/**
	 * Greedy generation.
	 *
	 * @param maxNewTokens how many tokens to add, in [1,
	 * arrakis.streaming.max-new-tokens]; fewer if the model emits its end-of-sequence
	 * token
	 */
	record Generate(@Nullable Integer maxNewTokens) {
	}

}
