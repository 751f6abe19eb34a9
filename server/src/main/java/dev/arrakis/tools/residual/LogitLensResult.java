package dev.arrakis.tools.residual;

import java.util.List;

/**
 * The logit lens over one sequence: each residual stream read out through the final norm
 * and the unembedding.
 *
 * @param labels one per readout: {@code L0_resid_pre} ... {@code L{n-1}_resid_pre}, then
 * {@code final}
 * @param topTokens [readout][position][k] the most likely next tokens
 * @param topProbabilities [readout][position][k] their probabilities
 * @param loss [readout][position] cross-entropy of the actual next token in nats, for
 * positions 0 .. pos - 2 (the last position has no next token)
 */
public record LogitLensResult(List<String> labels, long[][][] topTokens, float[][][] topProbabilities, float[][] loss) {

	public LogitLensResult {
		labels = List.copyOf(labels);
	}

}
