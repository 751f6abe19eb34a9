package dev.arrakis.tools.superposition;

/**
 * The partial result of {@code train_sparse_autoencoder} while it trains: the training
 * curves of the epochs done so far. Each curve is a prefix of the final
 * {@link SparseAutoencoder}'s (same values, one per finished epoch); the weights and the
 * dead features are left out, since they are only final after the last epoch.
 *
 * @param hook the hook trained on, as in the final result
 * @param definition the loss and the optimiser, in words, as in the final result
 * @param inputWidth d, the width of one activation
 * @param dictionarySize m, the number of features
 * @param epochs how many epochs the training runs in all
 * @param positions how many activations it trains on
 * @param loss [epoch done] mean training loss over the epoch's mini-batches
 * @param reconstructionMse [epoch done] mean squared reconstruction error after the epoch
 * @param l0 [epoch done] mean number of active features per position after the epoch
 * @param varianceExplained [epoch done] fraction of the variance reconstructed after the
 * epoch
 */
public record SparseAutoencoderProgress(String hook, String definition, int inputWidth, int dictionarySize, int epochs,
		long positions, float[] loss, float[] reconstructionMse, float[] l0, float[] varianceExplained) {
}
