package dev.arrakis.perf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.composition.CompositionKind;
import dev.arrakis.tools.composition.CompositionTool;

/**
 * How long the composer's all-pairs composition scores take on a GPT-2-small-shaped
 * random model (12 layers x 12 heads, d_model 768): the scores alone, and with a 20-draw
 * random baseline. A main class, never part of {@code ./mvnw verify}:
 *
 * <pre>
 * ./mvnw -B -pl server -Pperf test-compile exec:exec -Dperf.main=dev.arrakis.perf.CompositionBenchmark
 * </pre>
 */
public final class CompositionBenchmark {

	private CompositionBenchmark() {
	}

	public static void main(String[] args) {
		HookedAutoConfig config = HookedAutoConfig.of("gpt2", Map.of("n_embd", 768, "n_layer", 12, "n_head", 12,
				"n_inner", 3072, "n_positions", 16, "vocab_size", 64));
		int runs = Integer.getInteger("perf.runs", 5);
		try (HookedAutoModel model = HookedAutoModel.random(config, 1, new LoadOptions(DType.FLOAT32, "cpu"))) {
			CompositionTool tool = new CompositionTool(model);
			tool.compositionScores(CompositionKind.K, true, 0, 0);
			double[] scores = new double[runs];
			double[] withBaseline = new double[runs];
			for (int run = 0; run < runs; run++) {
				scores[run] = seconds(() -> tool.compositionScores(CompositionKind.K, true, 0, 0));
				withBaseline[run] = seconds(() -> tool.compositionScores(CompositionKind.K, true, 20, 0));
			}
			System.out.printf(Locale.ROOT, "composition_scores K, 12 x 12 heads, d_model 768, folded: median %.2f s%n",
					median(scores));
			System.out.printf(Locale.ROOT, "  with a 20-draw random baseline: median %.2f s (%d runs each)%n",
					median(withBaseline), runs);
		}
	}

	private static double seconds(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return (System.nanoTime() - start) / 1e9;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
