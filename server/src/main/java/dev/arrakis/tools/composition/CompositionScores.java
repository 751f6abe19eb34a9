package dev.arrakis.tools.composition;

import java.util.List;

/**
 * Composition scores between every pair of heads.
 *
 * @param kind Q, K or V composition
 * @param foldLayerNorm whether ln1 gains were folded into the reading weights (and, for
 * LayerNorm, the reading weights centred)
 * @param scores [layer1][head1][layer2][head2]: the score of writer L{layer1}H{head1} and
 * reader L{layer2}H{head2}, in [0, 1]; only layer1 < layer2 is meaningful, the rest is 0
 * @param baseline the mean score of random Gaussian factors of the same shapes (0 when no
 * samples were drawn)
 * @param adjusted scores - baseline where layer1 < layer2, otherwise 0
 * @param labels head labels {@code L0H0, L0H1, ...}, layer-major
 * @param metric what the numbers are
 */
public record CompositionScores(CompositionKind kind, boolean foldLayerNorm, float[][][][] scores, double baseline,
		float[][][][] adjusted, List<String> labels, String metric) {

	public CompositionScores {
		labels = List.copyOf(labels);
	}

	public float score(int layer1, int head1, int layer2, int head2) {
		return this.scores[layer1][head1][layer2][head2];
	}

}
