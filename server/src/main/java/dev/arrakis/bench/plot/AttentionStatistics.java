package dev.arrakis.bench.plot;

/**
 * Per-row statistics of an attention pattern.
 */
final class AttentionStatistics {

	private AttentionStatistics() {
	}

	/**
	 * Shannon entropy of one query's attention in nats, -sum_k p_k ln p_k with 0 ln 0 =
	 * 0: 0 for attention on one key, ln(n) for uniform attention over n keys.
	 */
	static double entropy(float[] row, int offset, int length) {
		double entropy = 0;
		for (int key = 0; key < length; key++) {
			double p = row[offset + key];
			if (p > 0) {
				entropy -= p * Math.log(p);
			}
		}
		return entropy;
	}

	/**
	 * How far back a query at position {@code query} attends on average, in positions:
	 * sum_k p_k (query - k).
	 */
	static double meanDistance(float[] row, int offset, int length, int query) {
		double distance = 0;
		for (int key = 0; key < length; key++) {
			distance += row[offset + key] * (double) (query - key);
		}
		return distance;
	}

}
