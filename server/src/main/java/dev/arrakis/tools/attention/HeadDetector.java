package dev.arrakis.tools.attention;

/**
 * Which keys a kind of head attends to, as TransformerLens' {@code head_detector} defines
 * them: the detection pattern D[q, k] is 1 where a head of that kind should attend from
 * query q to key k.
 */
public enum HeadDetector {

	/** k = q - 1. */
	PREVIOUS_TOKEN {
		@Override
		boolean detects(long[] tokens, int query, int key) {
			return key == query - 1;
		}
	},
	/** An earlier occurrence of the current token: k < q and tokens[k] = tokens[q]. */
	DUPLICATE_TOKEN {
		@Override
		boolean detects(long[] tokens, int query, int key) {
			return key < query && tokens[key] == tokens[query];
		}
	},
	/**
	 * The token after an earlier occurrence of the current token: 1 <= k <= q and
	 * tokens[k - 1] = tokens[q].
	 */
	INDUCTION {
		@Override
		boolean detects(long[] tokens, int query, int key) {
			return key >= 1 && key <= query && key - 1 < query && tokens[key - 1] == tokens[query];
		}
	};

	abstract boolean detects(long[] tokens, int query, int key);

}
