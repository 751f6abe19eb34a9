package dev.arrakis.perf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.causal.ActivationPatching;
import dev.arrakis.tools.causal.PatchTarget;
import dev.arrakis.tools.causal.PatchingResult;
import dev.arrakis.tools.causal.SweepBatching;

/**
 * Activation patching's batching (the causal tool's speed requirement): a full
 * per-head-by-position sweep (HEAD_Z_BY_POSITION, n_layers x n_heads x pos patched runs)
 * on models/tiny-gpt2-bytes, run batched (many patched runs per forward pass) and
 * serially (one forward pass per patched run) in the same JVM, alternating, with the
 * largest difference between the two results. A main class, run on demand and never by
 * {@code ./mvnw verify}:
 *
 * <pre>
 * ./mvnw -B -o -pl server -Pperf test-compile exec:exec -Dperf.main=dev.arrakis.perf.PatchingBenchmark
 * </pre>
 *
 * Knobs (through {@code -Dperf.jvmArgs="..."}): {@code perf.length} (tokens, default 32),
 * {@code perf.rounds} (timed rounds of each, default 3), {@code perf.maxBatch} (rows per
 * pass of the batched sweep, default {@link SweepBatching#DEFAULT}'s), {@code perf.model}
 * (default ../models/tiny-gpt2-bytes).
 */
public final class PatchingBenchmark {

	private PatchingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int length = Integer.getInteger("perf.length", 32);
		int rounds = Integer.getInteger("perf.rounds", 3);
		int maxBatch = Integer.getInteger("perf.maxBatch", SweepBatching.DEFAULT.maxBatch());
		Path folder = Path.of(System.getProperty("perf.model", "../models/tiny-gpt2-bytes")).toAbsolutePath();
		Engine engine = Engine.getInstance();
		System.out.println("== Arrakis activation-patching benchmark ==");
		System.out.printf("CPU: %s, %d logical CPUs; load average %s%n", EngineBenchmark.cpuModel(),
				Runtime.getRuntime().availableProcessors(), EngineBenchmark.loadAverage());
		System.out.printf("DJL %s, engine %s %s; torch intra-op threads %d, inter-op threads %d%n",
				Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(),
				JniUtils.getNumInteropThreads());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			int runs = model.config().nLayers() * model.config().nHeads() * length;
			SweepBatching batching = new SweepBatching(maxBatch, SweepBatching.DEFAULT.maxBytes());
			System.out.printf(
					"model %s: %d layers x %d heads, d_model %d; %d tokens: %d patched runs per sweep; "
							+ "batched: %d rows per pass%n",
					folder.getFileName(), model.config().nLayers(), model.config().nHeads(), model.config().dModel(),
					length, runs, batching.rowsPerPass(model.config(), length));
			long[] clean = randomBytes(length, 1);
			long[] corrupted = randomBytes(length, 2);
			Metric metric = Metric.loss();
			ActivationPatching batched = new ActivationPatching(model, batching);
			ActivationPatching serial = new ActivationPatching(model, SweepBatching.SERIAL);
			// Warm-up: a short sweep of each.
			batched.patch(clean, corrupted, PatchTarget.HEAD_Z, metric);
			serial.patch(clean, corrupted, PatchTarget.HEAD_Z, metric);
			List<Double> batchedMs = new ArrayList<>();
			List<Double> serialMs = new ArrayList<>();
			double maxDifference = 0;
			for (int round = 0; round < rounds; round++) {
				long t0 = System.nanoTime();
				PatchingResult fast = batched.patch(clean, corrupted, PatchTarget.HEAD_Z_BY_POSITION, metric);
				long t1 = System.nanoTime();
				PatchingResult slow = serial.patch(clean, corrupted, PatchTarget.HEAD_Z_BY_POSITION, metric);
				long t2 = System.nanoTime();
				batchedMs.add((t1 - t0) / 1e6);
				serialMs.add((t2 - t1) / 1e6);
				maxDifference = Math.max(maxDifference, maxDifference(fast.patched(), slow.patched()));
				System.out.printf("round %d: batched %.0f ms, serial %.0f ms%n", round + 1, batchedMs.get(round),
						serialMs.get(round));
			}
			double fast = median(batchedMs);
			double slow = median(serialMs);
			System.out.printf("%nHEAD_Z_BY_POSITION sweep, %d patched runs, medians of %d rounds:%n", runs, rounds);
			System.out.printf("  batched %.0f ms (%.2f ms per patched run)%n", fast, fast / runs);
			System.out.printf("  serial  %.0f ms (%.2f ms per patched run)%n", slow, slow / runs);
			System.out.printf("  serial / batched = %.2fx; max |batched - serial| = %.2e%n", slow / fast,
					maxDifference);
		}
		System.out.printf("load average now %s%n", EngineBenchmark.loadAverage());
	}

	private static long[] randomBytes(int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] tokens = new long[length];
		for (int i = 0; i < length; i++) {
			tokens[i] = 32 + random.nextInt(95);
		}
		return tokens;
	}

	private static double maxDifference(float[][][] a, float[][][] b) {
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			for (int j = 0; j < a[i].length; j++) {
				for (int k = 0; k < a[i][j].length; k++) {
					max = Math.max(max, Math.abs(a[i][j][k] - b[i][j][k]));
				}
			}
		}
		return max;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
