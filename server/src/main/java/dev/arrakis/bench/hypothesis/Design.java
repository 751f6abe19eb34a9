package dev.arrakis.bench.hypothesis;

/** How the two arms' values relate. */
public enum Design {

	/**
	 * Two separate samples (e.g. a metric over two input sets): Welch's t-test decides,
	 * Mann-Whitney U and a bootstrap interval accompany it.
	 */
	INDEPENDENT,

	/**
	 * Value i of each arm comes from the same input (e.g. one input set under two
	 * interventions): the paired permutation test decides; the independent tests are
	 * reported too.
	 */
	PAIRED

}
