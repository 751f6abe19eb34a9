package dev.arrakis.engine.config;

/**
 * Which keys a query may see, besides causality: all earlier keys, or only the last
 * {@code window} (a query at position i sees key j when i - window < j <= i, as in
 * Mistral and GPT-Neo's local layers).
 *
 * @param window the sliding window in tokens; 0 means global
 */
public record AttentionType(int window) {

	public static final AttentionType GLOBAL = new AttentionType(0);

	public AttentionType {
		if (window < 0) {
			throw new IllegalArgumentException("sliding window must be >= 0, got " + window);
		}
	}

	public static AttentionType sliding(int window) {
		if (window <= 0) {
			throw new IllegalArgumentException("sliding window must be positive, got " + window);
		}
		return new AttentionType(window);
	}

	public boolean isGlobal() {
		return this.window == 0;
	}

	/**
	 * Whether a query at sequence index {@code query} sees the key at sequence index
	 * {@code key}.
	 */
	public boolean sees(int query, int key) {
		return key <= query && (isGlobal() || query - key < this.window);
	}

	@Override
	public String toString() {
		return isGlobal() ? "global" : "sliding(" + this.window + ")";
	}

}
