package dev.arrakis.tools.causal;

import java.util.List;

/**
 * A causal trace (Meng et al. 2022): the probability of the target token at the last
 * position on the clean run, on runs whose subject embeddings were noised, and on noised
 * runs with one clean state restored, averaged over the noise draws.
 *
 * @param metric what the numbers are
 * @param targetToken the token whose probability is measured
 * @param subjectFrom the first noised position
 * @param subjectTo the end (exclusive) of the noised positions
 * @param noiseStd the standard deviation of the added Gaussian noise, in embedding units
 * (noiseScale x the standard deviation of W_E's entries)
 * @param samples how many noise draws each probability averages over
 * @param layers layer labels {@code L0, L1, ...}
 * @param positions position labels {@code 0, 1, ...}
 * @param clean the probability on the clean run
 * @param corrupted the probability on the noised runs
 * @param residPost [n_layers][pos]: the probability with hook_resid_post of that layer
 * restored at that position
 * @param attnOut [n_layers][pos]: the same, restoring hook_attn_out
 * @param mlpOut [n_layers][pos]: the same, restoring hook_mlp_out
 */
public record CausalTrace(String metric, long targetToken, int subjectFrom, int subjectTo, double noiseStd, int samples,
		List<String> layers, List<String> positions, double clean, double corrupted, float[][] residPost,
		float[][] attnOut, float[][] mlpOut) {

	public CausalTrace {
		layers = List.copyOf(layers);
		positions = List.copyOf(positions);
	}

}
