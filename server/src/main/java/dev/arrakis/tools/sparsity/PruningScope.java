package dev.arrakis.tools.sparsity;

/** Which weights magnitude pruning ranks together. */
public enum PruningScope {

	/**
	 * Every MLP matrix of every block ranked together: the smallest fraction of all MLP
	 * weights goes, so some matrices lose more than others.
	 */
	GLOBAL,

	/**
	 * Each MLP matrix (each block's W_in, W_gate, W_out) ranked on its own, so every
	 * matrix loses the same fraction (layer-wise pruning in the sense of
	 * {@code torch.nn.utils.prune}, where each weight tensor is a layer).
	 */
	PER_LAYER

}
