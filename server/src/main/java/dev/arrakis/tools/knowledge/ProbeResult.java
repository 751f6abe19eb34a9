package dev.arrakis.tools.knowledge;

/**
 * A trained linear probe and how well it does on held-out sequences.
 *
 * @param hook the hook probed, e.g. {@code blocks.2.hook_resid_post}
 * @param position the position probed as asked for (-1: each sequence's last token)
 * @param metric what was trained and measured
 * @param classes the distinct label values; class i of the arrays below is
 * {@code classes[i]}
 * @param trainCounts training sequences per class
 * @param testCounts held-out sequences per class
 * @param trainAccuracy fraction of training sequences classified correctly
 * @param testAccuracy fraction of held-out sequences classified correctly
 * @param testCrossEntropy mean -log p(true class) over held-out sequences, in nats
 * @param majorityBaseline held-out accuracy of always predicting the training set's most
 * frequent class
 * @param weights [class][feature] on standardised features
 * @param bias [class]
 * @param featureMean the training mean subtracted from each feature
 * @param featureScale the training standard deviation each centred feature is divided by
 * (1 for features constant over training)
 * @param l2 the weight penalty (l2 / 2) ||W||^2
 * @param epochs full-batch gradient steps
 * @param seed the split's seed
 */
public record ProbeResult(String hook, int position, String metric, int[] classes, int[] trainCounts, int[] testCounts,
		double trainAccuracy, double testAccuracy, double testCrossEntropy, double majorityBaseline, float[][] weights,
		float[] bias, float[] featureMean, float[] featureScale, double l2, int epochs, long seed) {
}
