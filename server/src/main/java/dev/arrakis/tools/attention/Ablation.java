package dev.arrakis.tools.attention;

/**
 * How an ablated head's output z (hook_z, before W_O) is replaced.
 */
public enum Ablation {

	/** z = 0: the head writes only nothing (b_O belongs to the layer, not the head). */
	ZERO,

	/**
	 * z = its mean over every position of every reference sequence: the head keeps its
	 * average write and loses what depends on this input.
	 */
	MEAN,

	/**
	 * z = its value on a reference sequence of the same length, position by position; the
	 * metric is averaged over the reference sequences (resampling ablation).
	 */
	RESAMPLE

}
