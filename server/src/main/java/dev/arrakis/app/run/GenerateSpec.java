package dev.arrakis.app.run;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.engine.generation.GenerationOptions;

/**
 * Continue the input after the run, with the engine's KV-cache generation.
 *
 * @param maxNewTokens tokens to add, 1 to {@code arrakis.run.max-new-tokens}; a row stops
 * early at the model's end-of-sequence token
 * @param temperature 0 or absent: greedy decoding; otherwise sampling at this temperature
 * @param topK sampling keeps the k most likely tokens (0 or absent: all)
 * @param topP sampling keeps the most likely tokens whose probability reaches p (absent:
 * 1)
 * @param seed the sampler's seed (absent: 0); the same seed gives the same tokens
 */
public record GenerateSpec(int maxNewTokens, @Min(0) @Nullable Double temperature, @Min(0) @Nullable Integer topK,
		@Nullable Double topP, @Nullable Long seed) {

	/**
	 * The engine's options.
	 * @throws InvalidFieldProblem naming the field out of range
	 */
	public GenerationOptions options(int maxAllowed) {
		if (this.maxNewTokens < 1 || this.maxNewTokens > maxAllowed) {
			throw new InvalidFieldProblem("generate.maxNewTokens",
					"generate.maxNewTokens must be in [1, %d] (arrakis.run.max-new-tokens), got %d"
						.formatted(maxAllowed, this.maxNewTokens));
		}
		double t = this.temperature == null ? 0 : this.temperature;
		if (!(t >= 0) || Double.isInfinite(t)) {
			throw new InvalidFieldProblem("generate.temperature",
					"generate.temperature must be a finite number >= 0, got " + t);
		}
		double p = this.topP == null ? 1 : this.topP;
		if (!(p > 0 && p <= 1)) {
			throw new InvalidFieldProblem("generate.topP", "generate.topP must be in (0, 1], got " + p);
		}
		int k = this.topK == null ? 0 : this.topK;
		if (k < 0) {
			throw new InvalidFieldProblem("generate.topK", "generate.topK must be >= 0, got " + k);
		}
		if (t == 0) {
			return GenerationOptions.greedy(this.maxNewTokens);
		}
		return GenerationOptions.sampled(this.maxNewTokens, t, k, p, this.seed == null ? 0 : this.seed);
	}

}
