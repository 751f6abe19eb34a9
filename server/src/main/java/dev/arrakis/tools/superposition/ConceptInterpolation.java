package dev.arrakis.tools.superposition;

/**
 * Next-token predictions of tokensA with its activation at one hook and position moved
 * along the straight line to tokensB's: (1 - t) a + t b.
 *
 * @param hook the hook patched, e.g. {@code blocks.1.hook_resid_post}
 * @param position the patched position
 * @param prediction what the tokens and probabilities are
 * @param t [step] the interpolation weights, 0 to 1 evenly spaced
 * @param topTokens [step][k] the most likely next tokens at the last position
 * @param topProbabilities [step][k] their probabilities
 */
public record ConceptInterpolation(String hook, int position, String prediction, float[] t, long[][] topTokens,
		float[][] topProbabilities) {
}
