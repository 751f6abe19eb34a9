package dev.arrakis.perf;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.DeviceMemory;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.ReferenceData;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * Issue 3's measurements on one device, in one JVM, every figure printed twice: as
 * progress lines and tables for people, and as one JSON line per figure (lines starting
 * with <code>{"figure":</code>) to paste into BENCHMARKS.md. A main class in the test
 * sources, never run by {@code ./mvnw verify}. See README.md beside it for how a session
 * with a GPU runs it; on the CPU here:
 *
 * <pre>
 * ./mvnw -B -pl server -Pperf test-compile exec:exec -Dperf.main=dev.arrakis.perf.GpuBenchmark \
 *     -Dperf.args=cpu -Dperf.jvmArgs="-Xmx3g -Dgpu.small=true"
 * </pre>
 *
 * Arguments (each also a system property): {@code [device] [hf-reference folder] [models
 * folder]} = {@code gpu.device} ({@code auto}, {@code cpu}, {@code cuda:N}; default
 * auto), {@code gpu.hfReference} (default {@code src/test/resources/hf-reference} or
 * {@code server/src/test/resources/hf-reference}, whichever exists), {@code gpu.models}
 * (default {@code ../models} or {@code models}). Sections, in this order:
 * <ol>
 * <li><b>versions</b>: DJL, libtorch as DJL reports it, CUDA runtime, device name, JVM.
 * <li><b>memory</b>: a GPT-2-small-shaped (124M) checkpoint written to a temp dir, loaded
 * in float32 and float16, and each random model of the speed part: {@link DeviceMemory}
 * before, right after placement, after settling (GPU: libtorch's caching allocator
 * empties its free blocks), after a forward, after close, after close and settling;
 * {@code weightBytes()}.
 * <li><b>parity</b>: the 9 seed architectures of hf-reference and the bundled models:
 * float32 activations against {@code reference.safetensors} (|got - ref| &lt;= 1e-4 +
 * 1e-5 |ref|, HfReferenceParityTest's tolerance), pass/fail per key family; float16
 * against float32 on the same device (logits 0.05 + 0.01 |ref| and top-1 agreement &gt;=
 * 0.95, Float16Test's tolerance; patterns 5e-3 as in Float16Test for the bundled models,
 * 2e-2 for the hf-reference checkpoints, see {@link #HALF_PATTERN_ATOL_SEED}).
 * <li><b>speed</b>: the same 124M shape, random and seeded, at 1x128 and 8x1024, float32
 * and float16, no hooks and full cache ({@code runWithCache(HookFilter.all())}),
 * interleaved in ABBA order, medians after warm-up. The clock stops after one element of
 * the output was copied to the host (logits[0, -1, 0]: a blocking device-to-host copy on
 * the stream that queued the forward, so every kernel of the forward has finished);
 * freeing the call's arrays is timed apart.
 * <li><b>copy</b>: at 8x1024, every tensor of a full cache copied to the host through
 * {@code ActivationCache.toHost(name, Narrowing.ALL)} against the requested activations
 * only ({@code blocks.*.attn.hook_pattern}, heads 0 and 1, last query position, narrowed
 * on the device), both from the same full cache and end to end (a call caching only the
 * patterns).
 * </ol>
 * Knobs (system properties): {@code gpu.small=true} (1x16 and 2x64 instead of 1x128 and
 * 8x1024, fewer runs: a check that everything works on a CPU), {@code gpu.sections}
 * (comma list of memory, parity, speed, copy; default all), {@code gpu.dtypes} and
 * {@code gpu.copyDtypes} (default float32,float16), {@code gpu.layers} (of the speed and
 * copy model; default 12, 2 with gpu.small), {@code gpu.warmup}, {@code gpu.runs1},
 * {@code gpu.runs2} (timed rounds at the small and the large batch),
 * {@code gpu.copyWarmup}, {@code gpu.copyRuns}, {@code gpu.json} (a file the JSON lines
 * are also appended to). Exit status: 0 all passed, 2 a parity check failed, 1 a section
 * broke.
 */
public final class GpuBenchmark {

	/** The 9 seed architectures of issue 3, folders of hf-reference. */
	static final List<String> ARCHITECTURES = List.of("gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2",
			"mistral", "stablelm");

	static final List<String> BUNDLED = List.of("tiny-gpt2-bytes", "tiny-llama-bytes", "tiny-induction-2l");

	/** Float32 against Hugging Face: HfReferenceParityTest's tolerance. */
	static final double ATOL = 1e-4;

	static final double RTOL = 1e-5;

	/** Float16 against float32: Float16Test's stated tolerance. */
	static final double HALF_LOGITS_ATOL = 0.05;

	static final double HALF_LOGITS_RTOL = 0.01;

	static final double HALF_PATTERN_ATOL = 5e-3;

	/**
	 * Float16 patterns of the hf-reference checkpoints: their weights carry N(0, 0.1)
	 * perturbations, so attention scores are larger than in the bundled models; float16
	 * on the CPU differs by up to 1.5e-2 (gpt_neo, whose scores are not scaled by
	 * 1/sqrt(d_head)).
	 */
	static final double HALF_PATTERN_ATOL_SEED = 2e-2;

	static final double HALF_TOP1 = 0.95;

	/**
	 * Hugging Face transformers on the same H100, as issue 3 gives them: ms at 1x128 and
	 * 8x1024.
	 */
	static final double[] HF_EAGER_FP32 = { 11.9, 74.3 };

	static final double[] HF_SDPA_FP32 = { 7.0, 58.7 };

	static final double[] HF_SDPA_BF16 = { 6.7, 16.4 };

	static final String HF_FULL_CACHE_COPY = "4.5-5.2 s";

	static final String NO_HOOKS = "no hooks";

	static final String FULL_CACHE = "full cache";

	static final String SYNC = "logits[0, -1, 0] copied to the host (blocking device-to-host copy)";

	private final Settings settings;

	private final Report report;

	private String device = "cpu";

	private boolean parityFailed;

	private boolean sectionFailed;

	private GpuBenchmark(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	public static void main(String[] args) throws IOException {
		Settings settings = Settings.from(args);
		int status;
		try (Report report = new Report(settings.json())) {
			status = new GpuBenchmark(settings, report).run();
		}
		System.exit(status);
	}

	int run() {
		long start = System.nanoTime();
		System.out.printf("== Arrakis GPU benchmark (issue 3) ==%n%s%n", this.settings);
		try {
			versions();
		}
		catch (RuntimeException | LinkageError ex) {
			// e.g. libtorch or DJL's JNI not found (PYTORCH_LIBRARY_PATH, DJL_CACHE_DIR),
			// or no GPU seen
			System.out.println("cannot start: " + ex.getMessage());
			ex.printStackTrace(System.out);
			this.report.json("error", fields("section", "versions", "message", String.valueOf(ex.getMessage())));
			return 1;
		}
		section("memory", start, this::memory);
		section("parity", start, this::parity);
		section("speed and copy", start, this::speedAndCopy);
		this.report.printTables();
		String verdict = this.sectionFailed ? "a section broke (see above)"
				: this.parityFailed ? "a parity check FAILED" : "all parity checks passed";
		System.out.printf(Locale.ROOT, "%nRESULT on %s: %s; %.1f s in all%n", this.device, verdict,
				(System.nanoTime() - start) / 1e9);
		return this.sectionFailed ? 1 : this.parityFailed ? 2 : 0;
	}

	interface Section {

		void run() throws Exception;

	}

	private void section(String name, long start, Section body) {
		Set<String> wanted = this.settings.sections();
		boolean run = name.equals("speed and copy") ? wanted.contains("speed") || wanted.contains("copy")
				: wanted.contains(name);
		if (!run) {
			return;
		}
		System.out.printf(Locale.ROOT, "%n== %s (t = %.1f s) ==%n", name, (System.nanoTime() - start) / 1e9);
		try {
			body.run();
		}
		catch (Exception | OutOfMemoryError ex) {
			this.sectionFailed = true;
			System.out.println("section " + name + " broke: " + ex);
			ex.printStackTrace(System.out);
			this.report.json("error", fields("section", name, "message", String.valueOf(ex)));
		}
	}

	// ---------------------------------------------------------------- (e) versions

	private void versions() {
		Engine engine = Engine.getInstance();
		int gpus = engine.getGpuCount();
		this.device = resolve(this.settings.device(), gpus);
		this.report.device = this.device;
		String name = this.device.equals("cpu") ? EngineBenchmark.cpuModel() : gpuName(gpuIndex(this.device));
		this.report.deviceName = name;
		Map<String, Object> v = fields("device_requested", this.settings.device(), "device_name", name, "djl",
				Engine.getDjlVersion(), "engine", engine.getEngineName(), "libtorch", engine.getVersion(),
				"libtorch_path", attempt(LibUtils::getLibtorchPath), "pytorch_flavor",
				String.valueOf(System.getenv("PYTORCH_FLAVOR")), "torch_features",
				attempt(() -> String.join(",", JniUtils.getFeatures())), "gpus_seen_by_djl", gpus, "cuda_runtime",
				gpus > 0 ? attempt(CudaUtils::getCudaVersionString) : "n/a", "compute_capability",
				gpus > 0 ? attempt(() -> CudaUtils.getComputeCapability(Math.max(0, gpuIndex(this.device)))) : "n/a",
				"nvidia_driver", gpus > 0 ? driverVersion() : "n/a", "java",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), "java_home",
				System.getProperty("java.home"), "max_heap_mib", Runtime.getRuntime().maxMemory() >> 20, "cpu",
				EngineBenchmark.cpuModel() + " x" + Runtime.getRuntime().availableProcessors(), "torch_threads",
				JniUtils.getNumThreads() + " intra-op, " + JniUtils.getNumInteropThreads() + " inter-op");
		v.forEach((key, value) -> System.out.printf("%-20s %s%n", key, value));
		this.report.json("versions", v);
	}

	static String resolve(String wanted, int gpus) {
		String d = wanted.trim().toLowerCase(Locale.ROOT);
		if (d.equals("auto")) {
			return gpus > 0 ? "cuda:0" : "cpu";
		}
		if (d.equals("cpu")) {
			return d;
		}
		Matcher m = Pattern.compile("(cuda|gpu):(\\d+)").matcher(d);
		if (!m.matches()) {
			throw new IllegalArgumentException("device must be auto, cpu or cuda:N, got " + wanted);
		}
		int index = Integer.parseInt(m.group(2));
		if (index >= gpus) {
			throw new IllegalStateException(("%s requested, but DJL sees %d GPU(s). DJL counts GPUs through libcudart, "
					+ "loaded by JNA: put the folder holding libcudart.so* in -Djna.library.path; and check that "
					+ "PYTORCH_LIBRARY_PATH is a CUDA build of libtorch")
				.formatted(wanted, gpus));
		}
		return "cuda:" + index;
	}

	static int gpuIndex(String device) {
		return device.startsWith("cuda:") ? Integer.parseInt(device.substring(5)) : -1;
	}

	/**
	 * nvidia-smi's name for GPU {@code index}, else the first model line of
	 * /proc/driver/nvidia.
	 */
	static String gpuName(int index) {
		String smi = command("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader", "-i",
				String.valueOf(index));
		if (smi != null && !smi.isBlank()) {
			return smi.trim();
		}
		try (Stream<Path> gpus = Files.list(Path.of("/proc/driver/nvidia/gpus"))) {
			for (Path gpu : gpus.sorted().toList()) {
				for (String line : Files.readAllLines(gpu.resolve("information"))) {
					if (line.startsWith("Model:")) {
						return line.substring(6).trim();
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no driver information
		}
		return "unknown GPU";
	}

	static String driverVersion() {
		try {
			Matcher m = Pattern.compile("Kernel Module\\s+(\\S+)")
				.matcher(Files.readString(Path.of("/proc/driver/nvidia/version")));
			if (m.find()) {
				return m.group(1);
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		String smi = command("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader", "-i", "0");
		return smi == null ? "unknown" : smi.trim();
	}

	static String command(String... argv) {
		try {
			Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return process.exitValue() == 0 ? out : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static String attempt(Supplier<String> value) {
		try {
			return value.get();
		}
		catch (RuntimeException | LinkageError ex) {
			return "n/a (" + ex + ")";
		}
	}

	// ---------------------------------------------------------------- (d) memory

	private void memory() throws IOException {
		Path dir = Files.createTempDirectory("arrakis-gpu-bench");
		try {
			long t0 = System.nanoTime();
			long fileBytes = EngineBenchmark.writeGpt2Checkpoint(dir, EngineBenchmark.SEED);
			System.out.printf(Locale.ROOT, "checkpoint (GPT-2 small shape, random): %,d bytes, written in %.1f s%n",
					fileBytes, (System.nanoTime() - t0) / 1e9);
			ModelInput input = EngineBenchmark.randomInput(1, this.settings.sizes().get(0).seq(), 7);
			warmUpDevice();
			for (DType dtype : this.settings.dtypes()) {
				settle();
				DeviceMemory before = DeviceMemory.of(this.device);
				long start = System.nanoTime();
				HookedAutoModel model = HookedAutoModel.load(dir, new LoadOptions(dtype, this.device));
				Placed placed = placed(before, (System.nanoTime() - start) / 1e9);
				recordMemory("checkpoint load", model, placed, input);
			}
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
	 * Creates libtorch's CUDA context and cuBLAS handle before the first reading, so that
	 * "held after load" counts the model only.
	 */
	private void warmUpDevice() {
		try (NDManager manager = NDManager.newBaseManager(deviceOf(this.device))) {
			NDArray a = manager.ones(new Shape(256, 256));
			scalar(a.matMul(a).sum());
		}
		settle();
	}

	/**
	 * On a GPU, hands the free blocks of libtorch's caching allocator back to the driver;
	 * on the CPU, runs the garbage collector.
	 */
	private void settle() {
		if (this.device.startsWith("cuda")) {
			JniUtils.emptyCudaCache();
		}
		else {
			System.gc();
		}
	}

	static Device deviceOf(String device) {
		return device.startsWith("cuda:") ? Device.gpu(gpuIndex(device)) : Device.cpu();
	}

	/**
	 * Device memory right after a model was placed: as read at once (libtorch's caching
	 * allocator still holds the blocks of freed load-time temporaries) and settled (after
	 * {@link #settle()}: what the weights occupy).
	 */
	record Placed(DeviceMemory before, DeviceMemory raw, DeviceMemory settled, double seconds) {

		long held(DeviceMemory now) {
			return this.before.freeBytes() - now.freeBytes();
		}

	}

	private Placed placed(DeviceMemory before, double seconds) {
		DeviceMemory raw = DeviceMemory.of(this.device);
		settle();
		return new Placed(before, raw, DeviceMemory.of(this.device), seconds);
	}

	/**
	 * Device memory held (free memory before placement minus free memory now) by
	 * {@code model}: right after placement, after one forward (no hooks), after close,
	 * and after close and {@link #settle()}; then closes the model.
	 */
	private void recordMemory(String how, HookedAutoModel model, Placed placed, ModelInput input) {
		long weightBytes = model.weightBytes();
		String dtype = model.dtype().label();
		String modelDevice = model.device();
		settle();
		try (ForwardContext ctx = model.newContext(Hooks.none())) {
			sync(model.forward(input, ctx));
		}
		DeviceMemory afterForward = DeviceMemory.of(this.device);
		model.close();
		DeviceMemory afterClose = DeviceMemory.of(this.device);
		settle();
		DeviceMemory afterCloseSettled = DeviceMemory.of(this.device);
		long held = placed.held(placed.settled());
		Map<String, Object> f = fields("how", how, "dtype", dtype, "model_device", modelDevice, "seconds",
				round(placed.seconds(), 3), "weight_bytes", weightBytes, "total_bytes", placed.before().totalBytes(),
				"free_before", placed.before().freeBytes(), "held_after_load", placed.held(placed.raw()),
				"held_after_load_settled", held, "held_vs_weight_bytes", round((double) held / weightBytes, 3),
				"held_after_forward", placed.held(afterForward), "held_after_close", placed.held(afterClose),
				"held_after_close_settled", placed.held(afterCloseSettled), "settle",
				this.device.startsWith("cuda") ? "JniUtils.emptyCudaCache()" : "System.gc()", "forward_input",
				input.batch() + "x" + input.length());
		System.out.printf(Locale.ROOT,
				"%s %s on %s: %.2f s; weightBytes %.1f MiB; held after load %.1f MiB, settled %.1f MiB (%.2fx), "
						+ "after a forward %.1f MiB, after close %.1f MiB, settled %.1f MiB%n",
				how, dtype, modelDevice, placed.seconds(), mib(weightBytes), mib(placed.held(placed.raw())), mib(held),
				(double) held / weightBytes, mib(placed.held(afterForward)), mib(placed.held(afterClose)),
				mib(placed.held(afterCloseSettled)));
		this.report.json("memory", f);
		this.report.memoryRows.add(String.format(Locale.ROOT,
				"| %s | %s | %.2f s | %.1f | %.1f | %.1f (%.2fx) | %.1f | %.1f | %.1f |", how, dtype, placed.seconds(),
				mib(weightBytes), mib(placed.held(placed.raw())), mib(held), (double) held / weightBytes,
				mib(placed.held(afterForward)), mib(placed.held(afterClose)), mib(placed.held(afterCloseSettled))));
	}

	// ---------------------------------------------------------------- (a) parity

	private void parity() throws IOException {
		for (String arch : ARCHITECTURES) {
			Path folder = this.settings.hfReference().resolve(arch);
			parityOf("hf-reference", arch, folder, folder);
		}
		if (!Files.isDirectory(this.settings.models())) {
			System.out.println("no bundled models at " + this.settings.models() + ": skipped");
			return;
		}
		for (String name : BUNDLED) {
			Path folder = this.settings.models().resolve(name);
			if (!Files.isDirectory(folder)) {
				System.out.println("bundled model missing, skipped: " + folder);
				continue;
			}
			// Loaded without tokenizer.json: parity needs no tokenizer, and so the
			// thin classpath needs no tokenizers jar.
			Path weightsOnly = Files.createTempDirectory("arrakis-" + name);
			try {
				for (String file : List.of("config.json", "model.safetensors")) {
					Files.createSymbolicLink(weightsOnly.resolve(file), folder.resolve(file).toAbsolutePath());
				}
				parityOf("bundled", name, weightsOnly, folder);
			}
			finally {
				try (Stream<Path> files = Files.list(weightsOnly)) {
					for (Path file : files.toList()) {
						Files.deleteIfExists(file);
					}
				}
				Files.deleteIfExists(weightsOnly);
			}
		}
	}

	/**
	 * Float32 activations of the checkpoint in {@code weights} against
	 * {@code referenceFolder/reference.safetensors}, then float16 against float32.
	 */
	private void parityOf(String group, String name, Path weights, Path referenceFolder) throws IOException {
		try (HookedAutoModel full = HookedAutoModel.load(weights, new LoadOptions(DType.FLOAT32, this.device));
				ReferenceData ref = ReferenceData.open(referenceFolder.resolve("reference.safetensors"))) {
			Families families = new Families();
			ModelInput input = ModelInput.of(ref.longs("input_ids"));
			try (RunResult run = full.runWithCache(input, HookFilter.all(), null)) {
				families.add("logits",
						Diff.of(HostArray.of(run.output()), HostArray.of(ref.get("logits")), ATOL, RTOL));
				for (int l = 0; l < full.config().nLayers(); l++) {
					for (String[] pair : new String[][] { { "resid_pre", "hook_resid_pre" },
							{ "resid_post", "hook_resid_post" }, { "attn_out", "hook_attn_out" },
							{ "mlp_out", "hook_mlp_out" }, { "pattern", "attn.hook_pattern" } }) {
						String key = pair[0] + "." + l;
						if (ref.has(key)) {
							families.add(pair[0], Diff.of(HostArray.of(run.cache().get("blocks." + l + "." + pair[1])),
									HostArray.of(ref.get(key)), ATOL, RTOL));
						}
					}
				}
				if (ref.has("hidden_states_last")) {
					families.add("hidden_states_last",
							Diff.of(HostArray.of(run.cache().get("ln_final.hook_normalized")),
									HostArray.of(ref.get("hidden_states_last")), ATOL, RTOL));
				}
			}
			if (ref.has("padded_input_ids")) {
				families.add("padded_logits", paddedBatch(full, ref));
			}
			if (ref.has("generate_prompt")) {
				long[][] generated = full.generate(ModelInput.of(ref.longs("generate_prompt")),
						GenerationOptions.greedy(8));
				families.addExact("generate", Arrays.deepEquals(generated, ref.longs("generate_ids")));
			}
			boolean pass = families.pass();
			this.parityFailed |= !pass;
			System.out.printf("%-12s %-18s float32 vs HF: %s  %s%n", group, name, pass ? "pass" : "FAIL",
					families.summary());
			Map<String, Object> f = fields("group", group, "model", name, "dtype", "float32", "tolerance",
					"|got - ref| <= 1e-4 + 1e-5 |ref|", "pass", pass, "families", families.json());
			this.report.json("parity", f);
			this.report.parityRows.add(families.row(group, name, pass));
			float16AgainstFloat32(group, name, weights, full, input, ref);
		}
	}

	/**
	 * The left-padded batch at real tokens only (what a padding query computes is
	 * undefined), as HfReferenceParityTest compares it.
	 */
	private static Diff paddedBatch(HookedAutoModel model, ReferenceData ref) throws IOException {
		long[][] mask = ref.longs("padded_attention_mask");
		ModelInput padded = new ModelInput(ref.longs("padded_input_ids"), mask, ref.longs("padded_position_ids"));
		try (RunResult run = model.runWithHooks(padded, Hooks.none())) {
			HostArray got = HostArray.of(run.output());
			HostArray expected = HostArray.of(ref.get("padded_logits"));
			int vocab = (int) got.shape()[2];
			int positions = (int) got.shape()[1];
			Diff worst = Diff.NONE;
			for (int row = 0; row < mask.length; row++) {
				for (int position = 0; position < positions; position++) {
					if (mask[row][position] == 1) {
						int from = (row * positions + position) * vocab;
						worst = worst.merge(Diff.of(Arrays.copyOfRange(got.data(), from, from + vocab),
								Arrays.copyOfRange(expected.data(), from, from + vocab), ATOL, RTOL));
					}
				}
			}
			return worst;
		}
	}

	/** Float16Test on this device: float16 against float32 of the same checkpoint. */
	private void float16AgainstFloat32(String group, String name, Path weights, HookedAutoModel full, ModelInput input,
			ReferenceData ref) throws IOException {
		if (!this.settings.dtypes().contains(DType.FLOAT16)) {
			return;
		}
		HookFilter patterns = HookFilter.parse("blocks.*.attn.hook_pattern");
		double patternAtol = group.equals("bundled") ? HALF_PATTERN_ATOL : HALF_PATTERN_ATOL_SEED;
		try (HookedAutoModel half = HookedAutoModel.load(weights, new LoadOptions(DType.FLOAT16, this.device));
				RunResult a = full.runWithCache(input, patterns, null);
				RunResult b = half.runWithCache(input, patterns, null)) {
			HostArray fullLogits = HostArray.of(a.output());
			HostArray halfLogits = HostArray.of(b.output());
			Diff logits = Diff.of(halfLogits, fullLogits, HALF_LOGITS_ATOL, HALF_LOGITS_RTOL);
			Diff pattern = Diff.NONE;
			for (int l = 0; l < full.config().nLayers(); l++) {
				HookName at = HookName.pattern(l);
				pattern = pattern
					.merge(Diff.of(HostArray.of(b.cache().get(at)), HostArray.of(a.cache().get(at)), patternAtol, 0));
			}
			double top1 = top1Agreement(fullLogits, halfLogits);
			boolean halfDtype = b.output().getDataType() == DataType.FLOAT16;
			boolean halfBytes = half.weightBytes() * 2 == full.weightBytes();
			double vsHf = Diff.of(halfLogits, HostArray.of(ref.get("logits")), 0, 0).maxAbs();
			boolean pass = logits.pass() && pattern.pass() && top1 >= HALF_TOP1 && halfDtype && halfBytes;
			this.parityFailed |= !pass;
			System.out.printf(Locale.ROOT,
					"%-12s %-18s float16 vs float32: %s  logits max|d| %.2e (%s), patterns max|d| %.2e (%s), "
							+ "top-1 %.3f, fp16 logits %s, weight bytes halved %s; |fp16 - HF| %.2e (info)%n",
					group, name, pass ? "pass" : "FAIL", logits.maxAbs(), ok(logits.pass()), pattern.maxAbs(),
					ok(pattern.pass()), top1, halfDtype, halfBytes, vsHf);
			this.report.json("parity",
					fields("group", group, "model", name, "dtype", "float16", "against", "float32 on the same device",
							"tolerance", "logits 0.05 + 0.01 |ref|, patterns %s, top-1 >= 0.95".formatted(patternAtol),
							"pass", pass, "logits_max_abs_diff", sig(logits.maxAbs()), "logits_pass", logits.pass(),
							"pattern_max_abs_diff", sig(pattern.maxAbs()), "pattern_pass", pattern.pass(),
							"pattern_within_5e-3_info", pattern.maxAbs() <= HALF_PATTERN_ATOL, "top1_agreement",
							round(top1, 4), "output_is_float16", halfDtype, "weight_bytes_halved", halfBytes,
							"logits_max_abs_diff_vs_hf_info", sig(vsHf)));
			this.report.halfRows
				.add(String.format(Locale.ROOT, "| %s | %s | %.2e %s | %.2e %s (tolerance %s) | %.3f | %s |", group,
						name, logits.maxAbs(), ok(logits.pass()), pattern.maxAbs(), ok(pattern.pass()), patternAtol,
						top1, pass ? "pass" : "**FAIL**"));
		}
	}

	static double top1Agreement(HostArray a, HostArray b) {
		int vocab = (int) a.shape()[a.shape().length - 1];
		int rows = a.data().length / vocab;
		int agree = 0;
		for (int r = 0; r < rows; r++) {
			agree += argMax(a.data(), r * vocab, vocab) == argMax(b.data(), r * vocab, vocab) ? 1 : 0;
		}
		return (double) agree / rows;
	}

	static int argMax(float[] values, int from, int length) {
		int best = 0;
		for (int i = 1; i < length; i++) {
			if (values[from + i] > values[from + best]) {
				best = i;
			}
		}
		return best;
	}

	// ---------------------------------------------------------------- (b) speed, (c)
	// copy

	/**
	 * One random model per dtype: its forwards (section speed) and its cache copies
	 * (section copy), then its memory.
	 */
	private void speedAndCopy() {
		Map<String, Object> shape = Map.of("n_embd", EngineBenchmark.N_EMBD, "n_layer", this.settings.layers(),
				"n_head", EngineBenchmark.N_HEAD, "n_positions", EngineBenchmark.N_POSITIONS, "vocab_size",
				EngineBenchmark.VOCAB);
		HookedAutoConfig config = HookedAutoConfig.of("gpt2", shape);
		boolean speed = this.settings.sections().contains("speed");
		boolean copy = this.settings.sections().contains("copy");
		Set<DType> dtypes = new LinkedHashSet<>();
		if (speed) {
			dtypes.addAll(this.settings.dtypes());
		}
		if (copy) {
			dtypes.addAll(this.settings.copyDtypes());
		}
		List<Size> sizes = this.settings.sizes();
		for (DType dtype : dtypes) {
			settle();
			DeviceMemory before = DeviceMemory.of(this.device);
			long start = System.nanoTime();
			HookedAutoModel model = HookedAutoModel.random(config, EngineBenchmark.SEED,
					new LoadOptions(dtype, this.device));
			double seconds = (System.nanoTime() - start) / 1e9;
			Placed placed = placed(before, seconds);
			try {
				this.report.model = String.format(Locale.ROOT, "GPT-2-small shape, %d layers, %,d parameters",
						model.config().nLayers(), model.parameterCount());
				System.out.printf(Locale.ROOT,
						"random GPT-2-small shape, %d layers, %s on %s: %,d parameters, weightBytes %,d, %.1f s%n",
						model.config().nLayers(), dtype.label(), model.device(), model.parameterCount(),
						model.weightBytes(), seconds);
				if (speed && this.settings.dtypes().contains(dtype)) {
					for (int s = 0; s < sizes.size(); s++) {
						forward(model, sizes.get(s), s);
					}
				}
				if (copy && this.settings.copyDtypes().contains(dtype)) {
					copy(model, sizes.get(sizes.size() - 1));
				}
			}
			catch (RuntimeException | Error ex) {
				model.close();
				throw ex;
			}
			recordMemory("random (built on the host, then placed)", model, placed,
					EngineBenchmark.randomInput(1, sizes.get(0).seq(), 7));
		}
	}

	private void forward(HookedAutoModel model, Size size, int sizeIndex) {
		ModelInput input = EngineBenchmark.randomInput(size.batch(), size.seq(), EngineBenchmark.SEED + size.batch());
		String dtype = model.dtype().label();
		// The variants must agree before they are timed.
		double diff;
		double maxLogit;
		int hookPoints;
		long cacheBytes = 0;
		try (ForwardContext ctx = model.newContext(Hooks.none());
				RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
			NDArray plain = model.forward(input, ctx);
			diff = scalar(plain.sub(run.output()).abs().max());
			maxLogit = scalar(plain.abs().max());
			hookPoints = run.cache().size();
			for (HookName name : run.cache().names()) {
				NDArray a = run.cache().get(name);
				cacheBytes += a.size() * a.getDataType().getNumOfBytes();
			}
		}
		require(Double.isFinite(maxLogit), "logits are not finite");
		System.out.printf(Locale.ROOT,
				"%s %s: full cache (%d hook points, %.1f MiB on the device) logits vs no-hook logits max |diff| "
						+ "%.2e (max |logit| %.2f)%n",
				dtype, size, hookPoints, mib(cacheBytes), diff, maxLogit);
		int runs = sizeIndex == 0 ? this.settings.runs1() : this.settings.runs2();
		List<String> variants = List.of(NO_HOOKS, FULL_CACHE);
		List<String> reversed = new ArrayList<>(variants);
		Collections.reverse(reversed);
		Map<String, double[]> runMs = new LinkedHashMap<>();
		Map<String, double[]> freeMs = new LinkedHashMap<>();
		variants.forEach(v -> {
			runMs.put(v, new double[runs]);
			freeMs.put(v, new double[runs]);
		});
		for (int i = -this.settings.warmup(); i < runs; i++) {
			for (String variant : (i & 1) == 0 ? variants : reversed) {
				double[] t = timeOnce(model, input, variant);
				if (i >= 0) {
					runMs.get(variant)[i] = t[0];
					freeMs.get(variant)[i] = t[1];
				}
			}
		}
		double gflop = forwardFlops(size, model.config().nLayers()) / 1e9;
		for (String variant : variants) {
			double[] ms = runMs.get(variant);
			double median = EngineBenchmark.median(ms);
			Map<String, Object> f = fields("dtype", dtype, "batch", size.batch(), "seq", size.seq(), "variant", variant,
					"median_ms", round(median, 3), "min_ms", round(min(ms), 3), "max_ms", round(max(ms), 3),
					"free_median_ms", round(EngineBenchmark.median(freeMs.get(variant)), 3), "runs", runs, "warmup",
					this.settings.warmup(), "tflops", round(gflop / median, 2), "sync", SYNC);
			String versus = "";
			if (!this.settings.small()) {
				if (model.dtype() == DType.FLOAT32) {
					double eager = HF_EAGER_FP32[sizeIndex];
					f.put("hf_eager_fp32_ms", eager);
					f.put("hf_sdpa_fp32_ms", HF_SDPA_FP32[sizeIndex]);
					f.put("vs_hf_eager", round(median / eager, 3));
					f.put("goal_within_1_2x_hf_eager", median <= 1.2 * eager);
					versus = "%.2fx HF eager fp32 (%.1f ms)%s".formatted(median / eager, eager,
							median <= 1.2 * eager ? "" : " (goal 1.2x NOT met)");
				}
				else {
					double bf16 = HF_SDPA_BF16[sizeIndex];
					f.put("hf_sdpa_bf16_ms_info", bf16);
					f.put("vs_hf_sdpa_bf16_info", round(median / bf16, 3));
					versus = "%.2fx HF sdpa bf16 (%.1f ms; info, no HF eager fp16 figure)".formatted(median / bf16,
							bf16);
				}
			}
			System.out.printf(Locale.ROOT, "  %s %-10s %s: median %9.3f ms (min %.3f, max %.3f; free %.3f ms) %s%n",
					dtype, size, variant, median, min(ms), max(ms), EngineBenchmark.median(freeMs.get(variant)),
					versus);
			this.report.json("forward", f);
			this.report.forwardRows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.2f | %s |", dtype,
					size, variant, median, min(ms), gflop / median, versus.isEmpty() ? "-" : versus));
		}
	}

	/** EngineBenchmark's matmul FLOP count for {@code layers} blocks. */
	static double forwardFlops(Size size, int layers) {
		double unembed = 2.0 * size.batch() * size.seq() * EngineBenchmark.N_EMBD * EngineBenchmark.VOCAB;
		double blocks = EngineBenchmark.forwardFlops(size.batch(), size.seq()) - unembed;
		return blocks / EngineBenchmark.N_LAYER * layers + unembed;
	}

	/** One call; returns {ms until the output was on the host, ms to free the call}. */
	static double[] timeOnce(HookedAutoModel model, ModelInput input, String variant) {
		long t0 = System.nanoTime();
		long t1;
		if (variant.equals(NO_HOOKS)) {
			try (ForwardContext ctx = model.newContext(Hooks.none())) {
				sync(model.forward(input, ctx));
				t1 = System.nanoTime();
			}
		}
		else {
			try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
				sync(run.output());
				t1 = System.nanoTime();
			}
		}
		long t2 = System.nanoTime();
		return new double[] { (t1 - t0) / 1e6, (t2 - t1) / 1e6 };
	}

	private void copy(HookedAutoModel model, Size size) {
		ModelInput input = EngineBenchmark.randomInput(size.batch(), size.seq(), EngineBenchmark.SEED + size.batch());
		String dtype = model.dtype().label();
		int layers = model.config().nLayers();
		Narrowing requested = new Narrowing(List.of(size.seq() - 1), List.of(0, 1));
		HookFilter patterns = HookFilter.parse("blocks.*.attn.hook_pattern");
		checkNarrowedCopy(model, input, requested, patterns);
		int runs = this.settings.copyRuns();
		String[] names = { "full: forward caching all", "full: copy every tensor (Narrowing.ALL)",
				"full: free the call", "full: end to end (forward, copy all, free)",
				"requested, from the full cache: copy", "requested only: forward caching the patterns",
				"requested only: copy (narrowed on the device)", "requested only: end to end" };
		double[][] ms = new double[names.length][runs];
		long allBytes = 0;
		long requestedBytes = 0;
		int tensors = 0;
		long rssBefore = EngineBenchmark.rssBytes("VmRSS");
		long rssPeak = rssBefore;
		for (int i = -this.settings.copyWarmup(); i < runs; i++) {
			double[] t = new double[names.length];
			long t0 = System.nanoTime();
			long t1;
			long t2;
			long t3;
			try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
				sync(run.output());
				t1 = System.nanoTime();
				ActivationCache cache = run.cache();
				long bytes = 0;
				double checksum = 0;
				for (HookName name : cache.names()) {
					HostTensor h = cache.toHost(name, Narrowing.ALL);
					bytes += 4L * h.data().length;
					checksum += h.data()[h.data().length - 1];
				}
				t2 = System.nanoTime();
				rssPeak = Math.max(rssPeak, EngineBenchmark.rssBytes("VmRSS"));
				long narrowBytes = 0;
				for (int l = 0; l < layers; l++) {
					HostTensor h = cache.toHost(HookName.pattern(l), requested);
					narrowBytes += 4L * h.data().length;
					checksum += h.data()[0];
				}
				t3 = System.nanoTime();
				require(!Double.isNaN(checksum), "NaN in the copied activations");
				allBytes = bytes;
				requestedBytes = narrowBytes;
				tensors = cache.size();
			}
			long t4 = System.nanoTime();
			t[0] = (t1 - t0) / 1e6;
			t[1] = (t2 - t1) / 1e6;
			t[2] = (t4 - t3) / 1e6;
			t[3] = t[0] + t[1] + t[2];
			t[4] = (t3 - t2) / 1e6;
			long t5 = System.nanoTime();
			try (RunResult run = model.runWithCache(input, patterns, null)) {
				sync(run.output());
				long t6 = System.nanoTime();
				for (int l = 0; l < layers; l++) {
					run.cache().toHost(HookName.pattern(l), requested);
				}
				t[5] = (t6 - t5) / 1e6;
				t[6] = (System.nanoTime() - t6) / 1e6;
			}
			t[7] = (System.nanoTime() - t5) / 1e6;
			if (i >= 0) {
				for (int k = 0; k < names.length; k++) {
					ms[k][i] = t[k];
				}
			}
			System.out.printf(Locale.ROOT, "  %s %s copy round %d%s: copy all %.1f ms, requested %.2f ms%n", dtype,
					size, i, i < 0 ? " (warm-up)" : "", t[1], t[6]);
		}
		long rssAfter = EngineBenchmark.rssBytes("VmRSS");
		double copyAll = EngineBenchmark.median(ms[1]);
		double copyRequested = EngineBenchmark.median(ms[6]);
		Map<String, Object> f = fields("dtype", dtype, "batch", size.batch(), "seq", size.seq(), "runs", runs, "warmup",
				this.settings.copyWarmup(), "tensors", tensors, "all_host_bytes", allBytes, "requested",
				"blocks.*.attn.hook_pattern heads [0, 1] at query position " + (size.seq() - 1), "requested_host_bytes",
				requestedBytes, "vm_rss_before_mib", rssBefore >> 20, "vm_rss_peak_after_copy_all_mib", rssPeak >> 20,
				"vm_rss_after_mib", rssAfter >> 20, "copy_all_vs_requested", round(copyAll / copyRequested, 1),
				"end_to_end_all_vs_requested", round(EngineBenchmark.median(ms[3]) / EngineBenchmark.median(ms[7]), 1));
		if (!this.settings.small()) {
			f.put("hf_full_cache_copy_info", HF_FULL_CACHE_COPY);
		}
		for (int k = 0; k < names.length; k++) {
			String key = names[k].replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "").toLowerCase(Locale.ROOT);
			f.put(key + "_median_ms", round(EngineBenchmark.median(ms[k]), 3));
			System.out.printf(Locale.ROOT, "  %s %s %-50s median %10.2f ms (min %.2f, max %.2f)%n", dtype, size,
					names[k], EngineBenchmark.median(ms[k]), min(ms[k]), max(ms[k]));
			this.report.copyRows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f |", dtype, size, names[k],
					EngineBenchmark.median(ms[k]), min(ms[k])));
		}
		System.out.printf(Locale.ROOT,
				"  %s %s: all %d tensors = %.1f MiB as float32 on the host, requested %.3f MiB; copy all / "
						+ "requested = %.0fx; VmRSS %d MiB before, peak %d MiB, %d MiB after%n",
				dtype, size, tensors, mib(allBytes), mib(requestedBytes), copyAll / copyRequested, rssBefore >> 20,
				rssPeak >> 20, rssAfter >> 20);
		this.report.json("copy", f);
	}

	/**
	 * The narrowed copy must hold exactly the requested slice of the full one (checked on
	 * the last layer, outside the timed rounds).
	 */
	private static void checkNarrowedCopy(HookedAutoModel model, ModelInput input, Narrowing requested,
			HookFilter patterns) {
		HookName last = HookName.pattern(model.config().nLayers() - 1);
		try (RunResult run = model.runWithCache(input, patterns, null)) {
			HostTensor all = run.cache().toHost(last, Narrowing.ALL);
			HostTensor part = run.cache().toHost(last, requested);
			long[] shape = all.shape();
			long[] expected = { shape[0], requested.heads().size(), 1, shape[3] };
			require(Arrays.equals(part.shape(), expected), "narrowed shape %s, expected %s"
				.formatted(Arrays.toString(part.shape()), Arrays.toString(expected)));
			int position = requested.positions().get(0);
			for (int b = 0; b < shape[0]; b++) {
				for (int h = 0; h < requested.heads().size(); h++) {
					for (int k = 0; k < shape[3]; k++) {
						float want = all.get(b, requested.heads().get(h), position, k);
						require(part.get(b, h, 0, k) == want,
								"narrowed copy differs at [%d, %d, 0, %d]".formatted(b, h, k));
					}
				}
			}
			System.out.printf("narrowed copy of %s %s equals that slice of the full copy %s%n", last,
					Arrays.toString(part.shape()), Arrays.toString(shape));
		}
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * Waits until the device has finished everything queued before: copies one element of
	 * the output to the host. The copy is a blocking device-to-host transfer on the
	 * stream that ran the forward.
	 */
	static float sync(NDArray output) {
		NDIndex index = output.getShape().dimension() == 3 ? new NDIndex("0, -1, 0") : new NDIndex("0");
		float value = output.get(index).toType(DataType.FLOAT32, false).toFloatArray()[0];
		require(Float.isFinite(value), "output is not finite");
		return value;
	}

	static double scalar(NDArray array) {
		return array.toType(DataType.FLOAT32, false).toFloatArray()[0];
	}

	static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}

	static double max(double[] values) {
		return Arrays.stream(values).max().orElse(Double.NaN);
	}

	static double mib(long bytes) {
		return bytes / 1048576.0;
	}

	static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Double.isFinite(value) ? Math.round(value * scale) / scale : value;
	}

	/** Three significant digits, for differences. */
	static double sig(double value) {
		return Double.isFinite(value) ? Double.parseDouble(String.format(Locale.ROOT, "%.3g", value)) : value;
	}

	static String ok(boolean pass) {
		return pass ? "ok" : "FAIL";
	}

	static Map<String, Object> fields(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static void require(boolean condition, String message) {
		EngineBenchmark.require(condition, message);
	}

	/** A batch size and a sequence length. */
	record Size(int batch, int seq) {

		@Override
		public String toString() {
			return this.batch + "x" + this.seq;
		}

	}

	/** An array copied to the host as float32, with its shape. */
	record HostArray(float[] data, long[] shape) {

		static HostArray of(NDArray array) {
			return new HostArray(array.toType(DataType.FLOAT32, false).toFloatArray(), array.getShape().getShape());
		}

	}

	/**
	 * The largest |got - ref| and whether every element met |got - ref| <= atol + rtol
	 * |ref| (NaN fails).
	 */
	record Diff(double maxAbs, boolean pass, long elements) {

		static final Diff NONE = new Diff(0, true, 0);

		static Diff of(HostArray got, HostArray ref, double atol, double rtol) {
			if (!Arrays.equals(got.shape(), ref.shape())) {
				System.out.printf("shape %s, reference %s%n", Arrays.toString(got.shape()),
						Arrays.toString(ref.shape()));
				return new Diff(Double.POSITIVE_INFINITY, false, 0);
			}
			return of(got.data(), ref.data(), atol, rtol);
		}

		static Diff of(float[] got, float[] ref, double atol, double rtol) {
			double maxAbs = 0;
			boolean pass = got.length == ref.length;
			for (int i = 0; i < Math.min(got.length, ref.length); i++) {
				double diff = Math.abs((double) got[i] - ref[i]);
				if (Double.isNaN(diff)) {
					diff = Double.POSITIVE_INFINITY;
				}
				maxAbs = Math.max(maxAbs, diff);
				pass &= diff <= atol + rtol * Math.abs(ref[i]);
			}
			return new Diff(maxAbs, pass, got.length);
		}

		Diff merge(Diff other) {
			return new Diff(Math.max(this.maxAbs, other.maxAbs), this.pass && other.pass,
					this.elements + other.elements);
		}

	}

	/**
	 * Diffs per key family (logits, resid_pre over all layers, ...), in the order first
	 * seen.
	 */
	static final class Families {

		static final List<String> COLUMNS = List.of("logits", "resid_pre", "resid_post", "attn_out", "mlp_out",
				"pattern", "hidden_states_last", "padded_logits", "generate");

		private final Map<String, Diff> diffs = new LinkedHashMap<>();

		private final Map<String, Integer> keys = new LinkedHashMap<>();

		private final Map<String, Boolean> exact = new LinkedHashMap<>();

		void add(String family, Diff diff) {
			this.diffs.merge(family, diff, Diff::merge);
			this.keys.merge(family, 1, Integer::sum);
		}

		void addExact(String family, boolean equal) {
			this.exact.put(family, equal);
		}

		boolean pass() {
			return this.diffs.values().stream().allMatch(Diff::pass) && !this.exact.containsValue(false);
		}

		Map<String, Object> json() {
			Map<String, Object> out = new LinkedHashMap<>();
			this.diffs.forEach((family, d) -> out.put(family,
					fields("max_abs_diff", sig(d.maxAbs()), "pass", d.pass(), "keys", this.keys.get(family))));
			this.exact.forEach((family, equal) -> out.put(family, fields("identical", equal, "pass", equal)));
			return out;
		}

		String summary() {
			StringBuilder s = new StringBuilder();
			this.diffs.forEach((family, d) -> s
				.append(String.format(Locale.ROOT, "%s %.1e%s; ", family, d.maxAbs(), d.pass() ? "" : " FAIL")));
			this.exact.forEach((family, equal) -> s.append(family).append(equal ? " identical" : " DIFFERS"));
			return s.toString();
		}

		String row(String group, String name, boolean pass) {
			StringBuilder s = new StringBuilder("| " + group + " | " + name + " |");
			for (String column : COLUMNS) {
				Diff d = this.diffs.get(column);
				Boolean equal = this.exact.get(column);
				if (d != null) {
					s.append(String.format(Locale.ROOT, " %.1e%s |", d.maxAbs(), d.pass() ? "" : " **FAIL**"));
				}
				else if (equal != null) {
					s.append(equal ? " identical |" : " **differs** |");
				}
				else {
					s.append(" - |");
				}
			}
			return s.append(pass ? " pass |" : " **FAIL** |").toString();
		}

	}

	/**
	 * JSON lines as they come, and the tables for people at the end.
	 */
	static final class Report implements AutoCloseable {

		private final Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues()
			.disableHtmlEscaping()
			.create();

		private final PrintWriter file;

		String device = "?";

		String deviceName = "?";

		String model = "GPT-2-small shape";

		final List<String> parityRows = new ArrayList<>();

		final List<String> halfRows = new ArrayList<>();

		final List<String> memoryRows = new ArrayList<>();

		final List<String> forwardRows = new ArrayList<>();

		final List<String> copyRows = new ArrayList<>();

		Report(Path json) throws IOException {
			this.file = json == null ? null : new PrintWriter(Files.newBufferedWriter(json, StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND));
		}

		void json(String figure, Map<String, Object> values) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("figure", figure);
			line.put("device", this.device);
			line.put("device_name", this.deviceName);
			line.putAll(values);
			String text = this.gson.toJson(line);
			System.out.println(text);
			System.out.flush();
			if (this.file != null) {
				this.file.println(text);
				this.file.flush();
			}
		}

		void printTables() {
			System.out.printf("%n== Summary: %s (%s) ==%n", this.device, this.deviceName);
			table("Parity, float32 against Hugging Face (max |diff| per key family; tolerance 1e-4 + 1e-5 |ref|)",
					"| group | model | " + String.join(" | ", Families.COLUMNS) + " | verdict |", this.parityRows);
			table("Parity, float16 against float32 on the same device (logits 0.05 + 0.01 |ref|; patterns 5e-3 "
					+ "for the bundled models as in Float16Test, 2e-2 for the hf-reference checkpoints; top-1 >= 0.95)",
					"| group | model | logits max abs diff | patterns max abs diff | top-1 | verdict |", this.halfRows);
			table("Memory (MiB; held = free before placement - free now, as DeviceMemory reports it; settled = after "
					+ "JniUtils.emptyCudaCache() on a GPU, System.gc() on the CPU)",
					"| how | dtype | time | weightBytes | held after load | settled (vs weightBytes) | after a forward "
							+ "| after close | after close, settled |",
					this.memoryRows);
			table("Forward, random " + this.model + ", medians; clock stopped after " + SYNC,
					"| dtype | batch | variant | median ms | min ms | TFLOP/s | vs Hugging Face (issue 3) |",
					this.forwardRows);
			table("Cache copied to the host", "| dtype | batch | step | median ms | min ms |", this.copyRows);
		}

		private static void table(String title, String header, List<String> rows) {
			if (rows.isEmpty()) {
				return;
			}
			System.out.printf("%n%s%n%n%s%n", title, header);
			System.out.println(header.replaceAll("[^|]+", "---"));
			rows.forEach(System.out::println);
		}

		@Override
		public void close() {
			if (this.file != null) {
				this.file.close();
			}
		}

	}

	/** What to run, from arguments and system properties. */
	record Settings(String device, Path hfReference, Path models, boolean small, List<Size> sizes, int layers,
			int warmup, int runs1, int runs2, int copyWarmup, int copyRuns, Set<String> sections, List<DType> dtypes,
			List<DType> copyDtypes, Path json) {

		static Settings from(String[] args) {
			String device = args.length > 0 ? args[0] : System.getProperty("gpu.device", "auto");
			Path hfReference = Path.of(args.length > 1 ? args[1] : System.getProperty("gpu.hfReference",
					firstExisting("src/test/resources/hf-reference", "server/src/test/resources/hf-reference")));
			Path models = Path
				.of(args.length > 2 ? args[2] : System.getProperty("gpu.models", firstExisting("../models", "models")));
			boolean small = Boolean.getBoolean("gpu.small");
			List<Size> sizes = small ? List.of(new Size(1, 16), new Size(2, 64))
					: List.of(new Size(1, 128), new Size(8, 1024));
			Set<String> sections = new LinkedHashSet<>(
					List.of(System.getProperty("gpu.sections", "memory,parity,speed,copy").split(",")));
			List<DType> dtypes = Arrays.stream(System.getProperty("gpu.dtypes", "float32,float16").split(","))
				.map(DType::parse)
				.toList();
			List<DType> copyDtypes = Arrays.stream(System.getProperty("gpu.copyDtypes", "float32,float16").split(","))
				.map(DType::parse)
				.toList();
			String json = System.getProperty("gpu.json");
			return new Settings(device, hfReference, models, small, sizes,
					Integer.getInteger("gpu.layers", small ? 2 : EngineBenchmark.N_LAYER),
					Integer.getInteger("gpu.warmup", small ? 1 : 5), Integer.getInteger("gpu.runs1", small ? 5 : 50),
					Integer.getInteger("gpu.runs2", small ? 3 : 20),
					Integer.getInteger("gpu.copyWarmup", small ? 0 : 1), Integer.getInteger("gpu.copyRuns", 2),
					sections, dtypes, copyDtypes, json == null ? null : Path.of(json));
		}

		private static String firstExisting(String... candidates) {
			for (String candidate : candidates) {
				if (Files.isDirectory(Path.of(candidate))) {
					return candidate;
				}
			}
			return candidates[0];
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"device %s; hf-reference %s; models %s; sizes %s; speed/copy model layers %d; warm-up %d, "
							+ "timed %d / %d; copy: warm-up %d, timed %d; dtypes %s (copy %s); sections %s%s",
					this.device, this.hfReference.toAbsolutePath().normalize(),
					this.models.toAbsolutePath().normalize(), this.sizes, this.layers, this.warmup, this.runs1,
					this.runs2, this.copyWarmup, this.copyRuns, this.dtypes, this.copyDtypes, this.sections,
					this.json == null ? "" : "; JSON also to " + this.json);
		}

	}

}
