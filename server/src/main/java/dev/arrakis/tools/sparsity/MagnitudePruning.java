package dev.arrakis.tools.sparsity;

import java.util.List;

/**
 * The outcome of magnitude pruning on a masked copy of the model.
 *
 * @param scope how the weights were ranked: {@code global} or {@code per_layer}
 * @param requestedFraction the fraction of weights asked to be pruned
 * @param matrices the pruned matrices, e.g. {@code blocks.0.mlp.W_in}
 * @param sizes [matrix] how many weights each holds
 * @param achievedSparsity [matrix] the fraction of its weights that are zero after
 * masking (weights that were zero already count)
 * @param overallSparsity the fraction of all the pruned matrices' weights that are zero
 * @param metric what {@code before} and {@code after} measure
 * @param before the metric on the model, averaged over the dataset's sequences
 * @param after the same on the pruned copy
 * @param effect {@code after - before}
 */
public record MagnitudePruning(String scope, double requestedFraction, List<String> matrices, long[] sizes,
		float[] achievedSparsity, double overallSparsity, String metric, double before, double after, double effect) {

	public MagnitudePruning {
		matrices = List.copyOf(matrices);
	}

}
