package dev.arrakis.perf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * The engine's CPU performance benchmark (issue 2): a GPT-2-small-shaped random model
 * (124M parameters) at batch 1x128 and 8x128, with no hooks, with idle hooks and with the
 * full activation cache, against the fp32 GEMM rate measured in the same JVM with the
 * same DJL engine; plus the load time and resident memory of the same model written as a
 * Hugging Face safetensors checkpoint. A main class, run on demand and never by
 * {@code ./mvnw verify}:
 *
 * <pre>
 * ./mvnw -B -pl server -Pperf test-compile exec:exec
 * </pre>
 *
 * Variants are interleaved round by round (one run of each per round, in ABBA order, then
 * three GEMM samples), so a load change on the machine hits them all alike; medians are
 * reported, with the fastest run beside them. Knobs are system properties of the
 * benchmark JVM, passed through {@code -Dperf.jvmArgs="..."} (see server/pom.xml):
 * {@code perf.runs1} / {@code perf.runs8} (timed rounds, default 21 / 9),
 * {@code perf.warmup} (untimed rounds, default 2), {@code perf.gemmRuns} (GEMM samples
 * before the forwards, default 30), {@code perf.skipLoad} (true skips the checkpoint
 * part), {@code perf.profile} (a path prefix: writes PyTorch profiler traces of three
 * no-hook forwards at each batch).
 */
public final class EngineBenchmark {

	static final int N_EMBD = 768;

	static final int N_LAYER = 12;

	static final int N_HEAD = 12;

	static final int N_POSITIONS = 1024;

	static final int VOCAB = 50257;

	static final int SEQ = 128;

	static final long SEED = 20240607L;

	private EngineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs1 = Integer.getInteger("perf.runs1", 21);
		int runs8 = Integer.getInteger("perf.runs8", 9);
		int warmup = Integer.getInteger("perf.warmup", 2);
		int gemmRuns = Integer.getInteger("perf.gemmRuns", 30);
		boolean skipLoad = Boolean.getBoolean("perf.skipLoad");
		String profile = System.getProperty("perf.profile");

		Engine engine = Engine.getInstance();
		System.out.println("== Arrakis engine benchmark ==");
		System.out.printf("CPU: %s, %d logical CPUs; memory %s%n", cpuModel(),
				Runtime.getRuntime().availableProcessors(), memTotal());
		System.out.printf("JVM: %s %s (%s); max heap %d MiB%n", System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("DJL %s, engine %s %s; torch intra-op threads %d, inter-op threads %d%n",
				Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(),
				JniUtils.getNumInteropThreads());
		System.out.printf("runs: warm-up %d, timed 1x128 %d, 8x128 %d, GEMM %d (medians; variants interleaved)%n%n",
				warmup, runs1, runs8, gemmRuns);

		String pressureBefore = cpuPressure();
		Gemm gemm = new Gemm();
		gemm.sample(5); // warm-up, dropped below
		gemm.samples.clear();
		gemm.sample(gemmRuns);
		System.out.printf("GEMM 1024x1024 @ 1024x1024 fp32 (first %d samples): %.1f GFLOP/s%n", gemmRuns,
				gemm.gflops());

		LoadResult load = skipLoad ? null : measureLoad();

		HookedAutoConfig config = HookedAutoConfig.of("gpt2", Map.of("n_embd", N_EMBD, "n_layer", N_LAYER, "n_head",
				N_HEAD, "n_positions", N_POSITIONS, "vocab_size", VOCAB));
		long built = System.nanoTime();
		try (HookedAutoModel model = HookedAutoModel.random(config, SEED, new LoadOptions(DType.FLOAT32, "cpu"))) {
			System.out.printf("random model: %,d parameters, weightBytes() %,d, built in %.2f s%n",
					model.parameterCount(), model.weightBytes(), (System.nanoTime() - built) / 1e9);
			Map<String, Map<Integer, Double>> medians = new LinkedHashMap<>();
			for (int batch : new int[] { 1, 8 }) {
				ModelInput input = randomInput(batch, SEQ, SEED + batch);
				checkVariantsAgree(model, input);
				Map<String, Double> m = timeVariants(model, input, warmup, batch == 1 ? runs1 : runs8, gemm);
				m.forEach((variant, ms) -> medians.computeIfAbsent(variant, k -> new LinkedHashMap<>()).put(batch, ms));
			}
			if (profile != null) {
				profile(model, Path.of(profile));
			}
			System.out.printf("GEMM over the whole run: %d samples, median %.2f ms = %.1f GFLOP/s%n", gemm.count(),
					gemm.medianMs(), gemm.gflops());
			printTable(gemm.gflops(), medians, load);
		}
		gemm.close();
		System.out.printf("%nCPU pressure (/proc/pressure/cpu, 'some'): before %s; after %s; load average now %s%n",
				pressureBefore, cpuPressure(), loadAverage());
	}

	// ---------------------------------------------------------------- GEMM

	/**
	 * fp32 1024x1024 @ 1024x1024 through the same engine. Samples are taken in a block at
	 * the start and then between the forward rounds, so that the rate the forwards are
	 * compared with was measured under the same conditions.
	 */
	static final class Gemm implements AutoCloseable {

		private final NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());

		private final NDArray a = this.manager.randomUniform(-1f, 1f, new Shape(1024, 1024));

		private final NDArray b = this.manager.randomUniform(-1f, 1f, new Shape(1024, 1024));

		private final List<Double> samples = new ArrayList<>();

		void sample(int runs) {
			for (int i = 0; i < runs; i++) {
				try (NDManager scope = this.manager.newSubManager()) {
					long t0 = System.nanoTime();
					NDArray c = this.a.matMul(this.b);
					long t1 = System.nanoTime();
					c.attach(scope);
					this.samples.add((t1 - t0) / 1e6);
				}
			}
		}

		double medianMs() {
			return median(this.samples.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double gflops() {
			return 2.0 * 1024 * 1024 * 1024 / (medianMs() / 1e3) / 1e9;
		}

		int count() {
			return this.samples.size();
		}

		@Override
		public void close() {
			this.manager.close();
		}

	}

	// ---------------------------------------------------------------- forward variants

	static final String NONE = "no hooks";

	static final String IDLE = "idle hooks";

	static final String CACHE = "full cache";

	static final String CACHE_NO_RESULT = "full cache w/o attn.hook_result";

	/**
	 * Counts how often the idle hook functions ran, to prove they were registered and
	 * called.
	 */
	static final AtomicLong IDLE_CALLS = new AtomicLong();

	/**
	 * Idle hooks: nothing cached ({@code Hooks.caching(HookFilter.none())}), and a
	 * function that returns its activation unchanged at every layer's
	 * {@code hook_resid_pre}, {@code attn.hook_pattern} and {@code hook_mlp_out} (36
	 * functions).
	 */
	static Hooks idleHooks() {
		HookFn identity = (activation, name) -> {
			IDLE_CALLS.incrementAndGet();
			return activation;
		};
		Hooks hooks = Hooks.caching(HookFilter.none());
		for (int l = 0; l < N_LAYER; l++) {
			hooks = hooks.with(HookName.of(HookPoint.RESID_PRE, l), identity)
				.with(HookName.of(HookPoint.PATTERN, l), identity)
				.with(HookName.of(HookPoint.MLP_OUT, l), identity);
		}
		return hooks;
	}

	/** Fastest run of each "batch:variant", reported beside the medians. */
	static final Map<String, Double> MINS = new LinkedHashMap<>();

	static final HookFilter ALL_BUT_RESULT = HookFilter.of(name -> name.point() != HookPoint.RESULT);

	static void runVariant(HookedAutoModel model, ModelInput input, String variant, Hooks idle) {
		switch (variant) {
			case NONE -> {
				try (ForwardContext ctx = model.newContext(Hooks.none())) {
					model.forward(input, ctx);
				}
			}
			case IDLE -> {
				try (ForwardContext ctx = model.newContext(idle)) {
					model.forward(input, ctx);
				}
			}
			case CACHE -> {
				try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
					require(run.cache().size() > 0, "full cache is empty");
				}
			}
			case CACHE_NO_RESULT -> {
				try (RunResult run = model.runWithCache(input, ALL_BUT_RESULT, null)) {
					require(run.cache().size() > 0, "cache is empty");
				}
			}
			default -> throw new IllegalArgumentException(variant);
		}
	}

	static final String FLOOR = "its matmuls alone (floor)";

	static Map<String, Double> timeVariants(HookedAutoModel model, ModelInput input, int warmup, int runs, Gemm gemm) {
		List<String> variants = List.of(NONE, IDLE, CACHE, CACHE_NO_RESULT, FLOOR);
		MatmulFloor floor = new MatmulFloor(input.batch());
		Hooks idle = idleHooks();
		Map<String, double[]> times = new LinkedHashMap<>();
		variants.forEach(v -> times.put(v, new double[runs]));
		List<String> reversed = new ArrayList<>(variants);
		java.util.Collections.reverse(reversed);
		for (int i = -warmup; i < runs; i++) {
			// ABBA order: each variant runs as often before as after each other one.
			for (String variant : (i & 1) == 0 ? variants : reversed) {
				long t0 = System.nanoTime();
				if (variant.equals(FLOOR)) {
					floor.run();
				}
				else {
					runVariant(model, input, variant, idle);
				}
				long t1 = System.nanoTime();
				if (i >= 0) {
					times.get(variant)[i] = (t1 - t0) / 1e6;
				}
			}
			if (i >= 0) {
				gemm.sample(3);
			}
		}
		floor.close();
		Map<String, Double> medians = new LinkedHashMap<>();
		times.forEach((variant, ms) -> {
			medians.put(variant, median(ms));
			MINS.put(input.batch() + ":" + variant, Arrays.stream(ms).min().orElse(0));
			System.out.printf("  %dx%d %-32s median %8.1f ms  (min %.1f, max %.1f)%n", input.batch(), input.length(),
					variant, median(ms), Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).max().orElse(0));
		});
		return medians;
	}

	/**
	 * The variants must compute the same logits: hooks that read and return their input
	 * change nothing.
	 */
	static void checkVariantsAgree(HookedAutoModel model, ModelInput input) {
		long before = IDLE_CALLS.get();
		float[] plain;
		try (ForwardContext ctx = model.newContext(Hooks.none())) {
			plain = model.forward(input, ctx).toFloatArray();
		}
		float[] idle;
		try (ForwardContext ctx = model.newContext(idleHooks())) {
			idle = model.forward(input, ctx).toFloatArray();
		}
		require(IDLE_CALLS.get() - before == 3L * N_LAYER, "idle hook functions did not all run");
		float[] cached;
		int cachedPoints;
		try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
			cached = run.output().toFloatArray();
			cachedPoints = run.cache().size();
		}
		require(Arrays.equals(plain, idle), "idle hooks changed the logits");
		double diff = 0;
		for (int i = 0; i < plain.length; i++) {
			diff = Math.max(diff, Math.abs(plain[i] - cached[i]));
		}
		// The full cache computes W_O per head (attn.hook_result) and sums over heads: a
		// different summation order.
		require(diff < 1e-4, "full-cache logits differ from the plain forward by " + diff);
		System.out.printf("%dx%d: idle-hook logits identical to no-hook logits; full cache (%d hook points) "
				+ "max |diff| %.2e%n", input.batch(), input.length(), cachedPoints, diff);
	}

	static ModelInput randomInput(int batch, int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[][] tokens = new long[batch][length];
		for (long[] row : tokens) {
			for (int i = 0; i < length; i++) {
				row[i] = random.nextInt(VOCAB);
			}
		}
		return ModelInput.of(tokens);
	}

	/** Matmul FLOPs of one forward, as issue 2 counts them. */
	static double forwardFlops(int batch, int seq) {
		double t = (double) batch * seq;
		double d = N_EMBD;
		double dh = d / N_HEAD;
		double perLayer = 2 * t * d * 3 * d // QKV
				+ 2.0 * batch * N_HEAD * seq * seq * dh // q k^T
				+ 2.0 * batch * N_HEAD * seq * seq * dh // pattern v
				+ 2 * t * d * d // W_O
				+ 2 * t * d * 4 * d * 2; // MLP in and out
		return N_LAYER * perLayer + 2 * t * d * VOCAB;
	}

	// ---------------------------------------------------------------- load from a
	// checkpoint

	record LoadResult(double firstSeconds, double medianSeconds, int reloads, long rssBefore, long rssAfterLoad,
			long rssAfterGc, String rssDetail, long weightBytes, long parameters, long fileBytes) {
	}

	static LoadResult measureLoad() throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("arrakis-gpt2-bench");
		try {
			long t0 = System.nanoTime();
			long fileBytes = writeGpt2Checkpoint(dir, SEED);
			System.out.printf("checkpoint: %s, %,d bytes, written in %.2f s%n", dir, fileBytes,
					(System.nanoTime() - t0) / 1e9);
			settle();
			long before = rssBytes("VmRSS");
			long start = System.nanoTime();
			HookedAutoModel model = HookedAutoModel.load(dir, new LoadOptions(DType.FLOAT32, "cpu"));
			double first = (System.nanoTime() - start) / 1e9;
			long afterLoad = rssBytes("VmRSS");
			String detailAfterLoad = "RssAnon %d MiB, RssFile %d MiB".formatted(rssBytes("RssAnon") >> 20,
					rssBytes("RssFile") >> 20);
			settle();
			long afterGc = rssBytes("VmRSS");
			String detail = "RssAnon %d MiB, RssFile %d MiB".formatted(rssBytes("RssAnon") >> 20,
					rssBytes("RssFile") >> 20);
			long weightBytes = model.weightBytes();
			long parameters = model.parameterCount();
			// a quick forward proves the loaded model works
			try (ForwardContext ctx = model.newContext(Hooks.none())) {
				model.forward(randomInput(1, 8, 1), ctx);
			}
			model.close();
			System.out.printf("load: first %.3f s; RSS %d MiB before, %d MiB after load (%s), %d MiB after GC (%s)%n",
					first, before >> 20, afterLoad >> 20, detailAfterLoad, afterGc >> 20, detail);
			int reloads = 3;
			double[] again = new double[reloads];
			for (int i = 0; i < reloads; i++) {
				long s = System.nanoTime();
				try (HookedAutoModel reloaded = HookedAutoModel.load(dir, new LoadOptions(DType.FLOAT32, "cpu"))) {
					again[i] = (System.nanoTime() - s) / 1e9;
				}
				settle();
			}
			System.out.printf("load: reloads %s s%n", Arrays.toString(again));
			return new LoadResult(first, median(again), reloads, before, afterLoad, afterGc, detail, weightBytes,
					parameters, fileBytes);
		}
		finally {
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(dir);
		}
	}

	/**
	 * Writes a GPT-2 checkpoint as Hugging Face's GPT2LMHeadModel saves it:
	 * {@code transformer.}-prefixed names, Conv1D weights [in, out], tied head omitted;
	 * random N(0, 0.02)-like values (uniform with that deviation), norm gains near 1.
	 */
	static long writeGpt2Checkpoint(Path dir, long seed) throws IOException {
		Files.writeString(dir.resolve("config.json"), """
				{
				  "architectures": ["GPT2LMHeadModel"],
				  "model_type": "gpt2",
				  "activation_function": "gelu_new",
				  "bos_token_id": 50256,
				  "eos_token_id": 50256,
				  "layer_norm_epsilon": 1e-05,
				  "n_embd": %d,
				  "n_head": %d,
				  "n_layer": %d,
				  "n_positions": %d,
				  "vocab_size": %d
				}
				""".formatted(N_EMBD, N_HEAD, N_LAYER, N_POSITIONS, VOCAB));
		Map<String, long[]> tensors = new LinkedHashMap<>();
		int d = N_EMBD;
		tensors.put("transformer.wte.weight", new long[] { VOCAB, d });
		tensors.put("transformer.wpe.weight", new long[] { N_POSITIONS, d });
		for (int l = 0; l < N_LAYER; l++) {
			String h = "transformer.h." + l + ".";
			tensors.put(h + "ln_1.weight", new long[] { d });
			tensors.put(h + "ln_1.bias", new long[] { d });
			tensors.put(h + "attn.c_attn.weight", new long[] { d, 3 * d });
			tensors.put(h + "attn.c_attn.bias", new long[] { 3 * d });
			tensors.put(h + "attn.c_proj.weight", new long[] { d, d });
			tensors.put(h + "attn.c_proj.bias", new long[] { d });
			tensors.put(h + "ln_2.weight", new long[] { d });
			tensors.put(h + "ln_2.bias", new long[] { d });
			tensors.put(h + "mlp.c_fc.weight", new long[] { d, 4 * d });
			tensors.put(h + "mlp.c_fc.bias", new long[] { 4 * d });
			tensors.put(h + "mlp.c_proj.weight", new long[] { 4 * d, d });
			tensors.put(h + "mlp.c_proj.bias", new long[] { d });
		}
		tensors.put("transformer.ln_f.weight", new long[] { d });
		tensors.put("transformer.ln_f.bias", new long[] { d });

		StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
		long offset = 0;
		for (Map.Entry<String, long[]> e : tensors.entrySet()) {
			long bytes = 4L * Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
			header.append(",\"")
				.append(e.getKey())
				.append("\":{\"dtype\":\"F32\",\"shape\":")
				.append(Arrays.toString(e.getValue()).replace(" ", ""))
				.append(",\"data_offsets\":[")
				.append(offset)
				.append(',')
				.append(offset + bytes)
				.append("]}");
			offset += bytes;
		}
		header.append('}');
		while ((header.length() + 8) % 8 != 0) {
			header.append(' ');
		}
		byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
		SplittableRandom random = new SplittableRandom(seed);
		float halfWidth = (float) (0.02 * Math.sqrt(3));
		ByteBuffer buffer = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
		try (FileChannel out = FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
			out.write(prefix.flip());
			out.write(ByteBuffer.wrap(headerBytes));
			for (Map.Entry<String, long[]> e : tensors.entrySet()) {
				long count = Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
				boolean gain = e.getKey().endsWith("ln_1.weight") || e.getKey().endsWith("ln_2.weight")
						|| e.getKey().endsWith("ln_f.weight");
				for (long i = 0; i < count; i++) {
					float value = (random.nextFloat() * 2 - 1) * halfWidth;
					buffer.putFloat(gain ? 1f + value : value);
					if (!buffer.hasRemaining()) {
						out.write(buffer.flip());
						buffer.clear();
					}
				}
			}
			out.write(buffer.flip());
			out.force(true); // no write-back of this file may overlap the timed load
			return out.size();
		}
	}

	// ---------------------------------------------------------------- profile

	/**
	 * PyTorch profiler traces (Chrome trace JSON) of three no-hook forwards at each
	 * batch: {@code <path>-1x128.json}.
	 */
	static void profile(HookedAutoModel model, Path trace) {
		for (int batch : new int[] { 1, 8 }) {
			ModelInput input = randomInput(batch, SEQ, SEED + batch);
			Path file = Path.of(trace.toAbsolutePath() + "-%dx%d.json".formatted(batch, SEQ));
			JniUtils.startProfile(false, false, false);
			for (int i = 0; i < 3; i++) {
				runVariant(model, input, NONE, Hooks.none());
			}
			JniUtils.stopProfile(file.toString());
			System.out.println("profiler trace written to " + file);
		}
	}

	// ---------------------------------------------------------------- matmul floor

	/**
	 * The forward's matrix products alone, on random arrays of the same shapes and
	 * layouts (W_U a transposed view of W_E, as tied models keep it): 12 x (QKV, q k^T,
	 * pattern v, W_O, W_in, W_out) plus the unembedding, the least time the forward could
	 * take with every other operation free. Timed as one more interleaved variant.
	 */
	static final class MatmulFloor implements AutoCloseable {

		private final NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());

		private final NDArray[][] products;

		private final NDArray x;

		private final NDArray wU;

		MatmulFloor(int batch) {
			int d = N_EMBD;
			int dh = d / N_HEAD;
			NDManager m = this.manager;
			this.x = m.randomUniform(-1f, 1f, new Shape(batch, SEQ, d));
			NDArray hidden = m.randomUniform(-1f, 1f, new Shape(batch, SEQ, 4L * d));
			this.wU = m.randomUniform(-1f, 1f, new Shape(VOCAB, d)).transpose();
			this.products = new NDArray[][] { { this.x, m.randomUniform(-1f, 1f, new Shape(d, 3L * d)) },
					{ m.randomUniform(-1f, 1f, new Shape(batch, N_HEAD, SEQ, dh)),
							m.randomUniform(-1f, 1f, new Shape(batch, N_HEAD, dh, SEQ)) },
					{ m.randomUniform(-1f, 1f, new Shape(batch, N_HEAD, SEQ, SEQ)),
							m.randomUniform(-1f, 1f, new Shape(batch, N_HEAD, SEQ, dh)) },
					{ this.x, m.randomUniform(-1f, 1f, new Shape(d, d)) },
					{ this.x, m.randomUniform(-1f, 1f, new Shape(d, 4L * d)) },
					{ hidden, m.randomUniform(-1f, 1f, new Shape(4L * d, d)) } };
		}

		void run() {
			try (NDManager scope = this.manager.newSubManager()) {
				for (int layer = 0; layer < N_LAYER; layer++) {
					for (NDArray[] ab : this.products) {
						ab[0].matMul(ab[1]).attach(scope);
					}
				}
				this.x.matMul(this.wU).attach(scope);
			}
		}

		@Override
		public void close() {
			this.manager.close();
		}

	}

	// ---------------------------------------------------------------- report

	static void printTable(double gemm, Map<String, Map<Integer, Double>> medians, LoadResult load) {
		System.out.println();
		System.out
			.println("| batch | variant | median ms | min ms | vs no hooks | GFLOP/s | % of GEMM | target | met |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---|---|");
		for (int batch : new int[] { 1, 8 }) {
			double none = medians.get(NONE).get(batch);
			double flops = forwardFlops(batch, SEQ);
			for (String variant : medians.keySet()) {
				double ms = medians.get(variant).get(batch);
				double ratio = ms / none;
				double gflops = flops / (ms / 1e3) / 1e9;
				String target;
				boolean met;
				switch (variant) {
					case NONE -> {
						target = ">= 75% of GEMM";
						met = gflops / gemm >= 0.75;
					}
					case IDLE -> {
						target = "<= 1.05x";
						met = ratio <= 1.05;
					}
					case CACHE -> {
						target = "<= 1.5x";
						met = ratio <= 1.5;
					}
					case FLOOR -> {
						target = "(info: the best any forward could do)";
						met = true;
					}
					default -> {
						target = "(info)";
						met = true;
					}
				}
				System.out.printf(Locale.ROOT, "| %dx%d | %s | %.1f | %.1f | %.3fx | %.1f | %.1f%% | %s | %s |%n",
						batch, SEQ, variant, ms, MINS.get(batch + ":" + variant), ratio, gflops, 100 * gflops / gemm,
						target, target.startsWith("(info") ? "" : met ? "yes" : "NO");
			}
		}
		System.out.printf(Locale.ROOT, "| - | fp32 GEMM 1024^3 (run median) | %.2f | | | %.1f | 100%% | | |%n",
				2.0 * 1024 * 1024 * 1024 / gemm / 1e6, gemm);
		System.out.printf(Locale.ROOT, "%nforward FLOPs counted: 1x128 %.2f GFLOP, 8x128 %.2f GFLOP%n",
				forwardFlops(1, SEQ) / 1e9, forwardFlops(8, SEQ) / 1e9);
		if (load != null) {
			double rssDelta = load.rssAfterGc() - load.rssBefore();
			double uniqueBytes = 4.0 * load.parameters();
			System.out.printf(Locale.ROOT,
					"load (safetensors %,d bytes): first %.3f s (target <= 2 s: %s); median of %d reloads %.3f s%n",
					load.fileBytes(), load.firstSeconds(), load.firstSeconds() <= 2 ? "met" : "NOT met", load.reloads(),
					load.medianSeconds());
			System.out.printf(Locale.ROOT,
					"resident after load: VmRSS +%.1f MiB right after load, +%.1f MiB after GC (%s); "
							+ "weightBytes() %.1f MiB, parameters x 4 bytes %.1f MiB; "
							+ "ratio %.2fx weightBytes(), %.2fx parameter bytes (target <= 1.2x: %s)%n",
					(load.rssAfterLoad() - load.rssBefore()) / 1048576.0, rssDelta / 1048576.0, load.rssDetail(),
					load.weightBytes() / 1048576.0, uniqueBytes / 1048576.0, rssDelta / load.weightBytes(),
					rssDelta / uniqueBytes, rssDelta <= 1.2 * load.weightBytes() ? "met" : "NOT met");
		}
	}

	// ---------------------------------------------------------------- helpers

	static void settle() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
	}

	static String cpuPressure() {
		try {
			return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0).replace("some ", "");
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

	static long rssBytes(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/self/status", ex);
		}
		throw new IllegalStateException("/proc/self/status has no " + field);
	}

	static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.findFirst()
				.map(l -> l.substring(l.indexOf(':') + 1).trim())
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static String memTotal() {
		return "%.1f GiB".formatted(rssLikeMeminfo("MemTotal") / 1073741824.0);
	}

	private static long rssLikeMeminfo(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(l -> l.startsWith(field + ":"))
				.findFirst()
				.map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
				.orElse(0L);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}
