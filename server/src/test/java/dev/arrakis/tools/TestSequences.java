package dev.arrakis.tools;

import java.util.SplittableRandom;

/** The token sequences the tools' ground-truth tests share. */
public final class TestSequences {

	private TestSequences() {
	}

	/**
	 * {@code length} random printable bytes (32..126, like tiny-induction-2l's repeated
	 * training segments), then the same bytes again: only an induction circuit predicts
	 * the second half.
	 */
	public static long[] repeatedRandom(int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] tokens = new long[2 * length];
		for (int i = 0; i < length; i++) {
			tokens[i] = 32 + random.nextInt(95);
			tokens[length + i] = tokens[i];
		}
		return tokens;
	}

}
