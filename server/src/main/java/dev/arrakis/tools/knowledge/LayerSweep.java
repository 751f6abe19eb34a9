package dev.arrakis.tools.knowledge;

import java.util.List;

/**
 * The same probe trained on resid_post of every layer, with one split for all.
 *
 * @param hooks the hook of each layer, e.g. {@code blocks.0.hook_resid_post}
 * @param position the position probed as asked for (-1: each sequence's last token)
 * @param metric what was trained and measured
 * @param classes the distinct label values
 * @param trainCounts training sequences per class
 * @param testCounts held-out sequences per class
 * @param trainAccuracy per layer
 * @param testAccuracy per layer: fraction of held-out sequences classified correctly
 * @param testCrossEntropy per layer, in nats
 * @param majorityBaseline held-out accuracy of always predicting the training set's most
 * frequent class
 */
public record LayerSweep(List<String> hooks, int position, String metric, int[] classes, int[] trainCounts,
		int[] testCounts, float[] trainAccuracy, float[] testAccuracy, float[] testCrossEntropy,
		double majorityBaseline) {

	public LayerSweep {
		hooks = List.copyOf(hooks);
	}

}
