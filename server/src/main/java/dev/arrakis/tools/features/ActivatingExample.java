package dev.arrakis.tools.features;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One position of a corpus where a feature is active.
 *
 * @param sequence index of the sequence in the corpus
 * @param position the position in that sequence
 * @param tokenId the token at the position
 * @param value the feature's activation there
 * @param contextStart the position of {@code context[0]}: the context is the tokens from
 * {@code position - contextWindow} to {@code position + contextWindow}, clipped to the
 * sequence
 * @param context the context's token ids
 * @param contextTokens the context's tokens as text, or null when the model has no
 * tokenizer
 */
public record ActivatingExample(int sequence, int position, long tokenId, float value, int contextStart, long[] context,
		@Nullable List<String> contextTokens) {

	public ActivatingExample {
		context = context.clone();
		contextTokens = contextTokens == null ? null : List.copyOf(contextTokens);
	}

}
