package dev.arrakis.tools.causal;

import java.util.List;

/**
 * How much each input token contributes to one logit, by two gradient methods on the
 * input embeddings (hook_embed, plus hook_pos_embed for learned positions).
 *
 * @param metric what is attributed, e.g. {@code logit[17] at position 5}
 * @param position the position whose logit is attributed
 * @param targetToken the token whose logit is attributed
 * @param positions position labels {@code 0, 1, ...}
 * @param tokens the input tokens
 * @param gradientTimesInput per position, sum over d_model of embedding x d logit / d
 * embedding (Shrikumar et al. 2016)
 * @param integratedGradients per position, sum over d_model of embedding x the mean of d
 * logit / d embedding at embeddings scaled by k / steps, k = 1 .. steps (Sundararajan et
 * al. 2017, zero baseline)
 * @param steps the Riemann steps of the integrated gradients
 * @param logit the logit on the input, f(x)
 * @param baselineLogit the logit with every input embedding zeroed, f(0)
 * @param attributionSum the sum of the integrated gradients, which approximates
 * {@code logit - baselineLogit} (completeness)
 */
public record InputAttributionResult(String metric, int position, long targetToken, List<String> positions,
		long[] tokens, float[] gradientTimesInput, float[] integratedGradients, int steps, double logit,
		double baselineLogit, double attributionSum) {

	public InputAttributionResult {
		positions = List.copyOf(positions);
	}

}
