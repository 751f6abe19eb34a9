package dev.arrakis.tools.attention;

import java.util.List;

/**
 * A score per head.
 *
 * @param metric what the score is, e.g.
 * {@code induction: attention on the detection pattern / total attention}
 * @param labels head labels {@code L0H0, L0H1, ...}, layer-major
 * @param scores [n_layers][n_heads]
 */
public record HeadScores(String metric, List<String> labels, float[][] scores) {

	public HeadScores {
		labels = List.copyOf(labels);
	}

	public float score(int layer, int head) {
		return this.scores[layer][head];
	}

	/** The label of the highest-scoring head, e.g. {@code L1H2}. */
	public String best() {
		int bestLayer = 0;
		int bestHead = 0;
		for (int l = 0; l < this.scores.length; l++) {
			for (int h = 0; h < this.scores[l].length; h++) {
				if (this.scores[l][h] > this.scores[bestLayer][bestHead]) {
					bestLayer = l;
					bestHead = h;
				}
			}
		}
		return "L" + bestLayer + "H" + bestHead;
	}

}
