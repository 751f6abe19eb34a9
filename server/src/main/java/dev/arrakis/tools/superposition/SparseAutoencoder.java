package dev.arrakis.tools.superposition;

/**
 * A ReLU sparse autoencoder trained on one hook's activations, with its training curve
 * and its weights (enough to store it as an artifact and encode new activations). f =
 * ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec.
 *
 * @param hook the hook trained on, e.g. {@code blocks.0.hook_resid_post}
 * @param definition the loss and the optimiser, in words
 * @param inputWidth d, the width of one activation
 * @param dictionarySize m, the number of features
 * @param l1Coefficient lambda of the L1 penalty
 * @param learningRate Adam's step size
 * @param batchSize positions per mini-batch
 * @param seed the seed of the initialisation and of the shuffling
 * @param positions how many activations (positions of every sequence) it was trained on
 * @param loss [epoch] mean training loss over the epoch's mini-batches
 * @param reconstructionMse [epoch] mean over positions and dimensions of (x - x_hat)^2
 * after the epoch, on the whole dataset
 * @param l0 [epoch] mean number of features with f > 0 per position, after the epoch
 * @param varianceExplained [epoch] 1 - sum |x - x_hat|^2 / sum |x - mean(x)|^2, after the
 * epoch
 * @param deadFeatures features that are zero at every position of the dataset after
 * training
 * @param encoderWeight W_enc [d][m]
 * @param encoderBias b_enc [m]
 * @param decoderWeight W_dec [m][d], rows of unit L2 norm
 * @param decoderBias b_dec [d]
 */
public record SparseAutoencoder(String hook, String definition, int inputWidth, int dictionarySize,
		double l1Coefficient, double learningRate, int batchSize, long seed, long positions, float[] loss,
		float[] reconstructionMse, float[] l0, float[] varianceExplained, int[] deadFeatures, float[][] encoderWeight,
		float[] encoderBias, float[][] decoderWeight, float[] decoderBias) {
}
