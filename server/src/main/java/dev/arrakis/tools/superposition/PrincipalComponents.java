package dev.arrakis.tools.superposition;

/**
 * PCA of a hook's activations: the top eigenvectors of their covariance C = (X - mean)^T
 * (X - mean) / (n - 1) over every position of every sequence. At most d orthogonal
 * directions, so not a recovery of superposed features (see the sparse autoencoder).
 *
 * @param hook the hook, e.g. {@code blocks.0.hook_resid_post}
 * @param metric what the numbers are
 * @param positions n, the number of activations
 * @param mean [d] the mean activation
 * @param components [k][d] unit eigenvectors, by decreasing variance; each signed so that
 * its largest-magnitude entry is positive
 * @param explainedVariance [k] their eigenvalues: the variance along each component
 * @param explainedVarianceRatio [k] eigenvalue / total variance (trace of C), descending;
 * over all d components they sum to 1
 * @param projections [sequence][position][k] (x - mean) . component for every activation
 */
public record PrincipalComponents(String hook, String metric, long positions, float[] mean, float[][] components,
		float[] explainedVariance, float[] explainedVarianceRatio, float[][][] projections) {
}
