package dev.arrakis.engine;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One batch of token ids, with an optional attention mask (1 = real token, 0 = padding)
 * and optional explicit position ids. Rows must have equal length: pad on the left and
 * mask the padding.
 *
 * @param tokens [batch, pos]
 * @param attentionMask [batch, past + pos], or null when every token is real
 * @param positionIds [batch, pos], or null for past, past + 1, ... (or, with a mask,
 * counted over real tokens only)
 */
public record ModelInput(long[][] tokens, long @Nullable [][] attentionMask, long @Nullable [][] positionIds) {

	public ModelInput {
		if (tokens.length == 0 || tokens[0].length == 0) {
			throw new IllegalArgumentException("tokens must have at least one row and one position");
		}
		int length = tokens[0].length;
		for (int row = 0; row < tokens.length; row++) {
			if (tokens[row].length != length) {
				throw new IllegalArgumentException("token row %d has %d positions, row 0 has %d; pad rows to one length"
					.formatted(row, tokens[row].length, length));
			}
		}
		if (attentionMask != null && attentionMask.length != tokens.length) {
			throw new IllegalArgumentException(
					"attention mask has %d rows for %d token rows".formatted(attentionMask.length, tokens.length));
		}
		if (positionIds != null && (positionIds.length != tokens.length
				|| Arrays.stream(positionIds).anyMatch(r -> r.length != length))) {
			throw new IllegalArgumentException("position ids must have the shape of tokens");
		}
	}

	public static ModelInput of(long[]... tokens) {
		return new ModelInput(tokens, null, null);
	}

	public int batch() {
		return this.tokens.length;
	}

	public int length() {
		return this.tokens[0].length;
	}

}
