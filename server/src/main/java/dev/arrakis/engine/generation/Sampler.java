package dev.arrakis.engine.generation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Picks the next token from one row of logits: argmax, or a draw after temperature, top-k
 * and top-p filtering.
 */
public final class Sampler {

	private final GenerationOptions options;

	private final SplittableRandom random;

	public Sampler(GenerationOptions options) {
		this.options = options;
		this.random = new SplittableRandom(options.seed());
	}

	public int next(float[] logits) {
		if (this.options.greedy()) {
			return argmax(logits);
		}
		Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt(i -> i));
		int keep = this.options.topK() == 0 ? logits.length : Math.min(this.options.topK(), logits.length);
		double max = logits[order[0]] / this.options.temperature();
		double[] weights = new double[keep];
		double total = 0;
		for (int i = 0; i < keep; i++) {
			weights[i] = Math.exp(logits[order[i]] / this.options.temperature() - max);
			total += weights[i];
		}
		if (this.options.topP() < 1) {
			double cumulative = 0;
			int nucleus = 0;
			while (nucleus < keep) {
				cumulative += weights[nucleus] / total;
				nucleus++;
				if (cumulative >= this.options.topP()) {
					break;
				}
			}
			keep = nucleus;
			total = Arrays.stream(weights, 0, keep).sum();
		}
		double draw = this.random.nextDouble() * total;
		for (int i = 0; i < keep; i++) {
			draw -= weights[i];
			if (draw < 0) {
				return order[i];
			}
		}
		return order[keep - 1];
	}

	/** The first index of the largest value, as torch.argmax. */
	public static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
