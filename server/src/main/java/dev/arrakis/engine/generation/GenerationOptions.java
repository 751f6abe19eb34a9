package dev.arrakis.engine.generation;

/**
 * How to continue a prompt.
 *
 * @param maxNewTokens tokens to add (at most)
 * @param temperature 0 for greedy decoding; otherwise logits are divided by it before
 * sampling
 * @param topK keep only the k most likely tokens (0 keeps all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1
 * keeps all)
 * @param seed the sampler's seed: the same seed gives the same tokens
 * @param stopAtEos stop a row at the model's end-of-sequence token (later positions hold
 * the pad token)
 */
public record GenerationOptions(int maxNewTokens, double temperature, int topK, double topP, long seed,
		boolean stopAtEos) {

	public GenerationOptions {
		if (maxNewTokens < 0) {
			throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
		}
		if (!(temperature >= 0) || Double.isInfinite(temperature)) {
			throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
		}
		if (topK < 0) {
			throw new IllegalArgumentException("topK must be >= 0, got " + topK);
		}
		if (!(topP > 0 && topP <= 1)) {
			throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
		}
	}

	public static GenerationOptions greedy(int maxNewTokens) {
		return new GenerationOptions(maxNewTokens, 0, 0, 1, 0, true);
	}

	public static GenerationOptions sampled(int maxNewTokens, double temperature, int topK, double topP, long seed) {
		return new GenerationOptions(maxNewTokens, temperature, topK, topP, seed, true);
	}

	public boolean greedy() {
		return this.temperature == 0;
	}

}
