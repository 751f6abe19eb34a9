package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.arch.Architecture;
import dev.arrakis.engine.arch.Architectures;
import dev.arrakis.engine.components.Transformer;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.generation.KvCache;
import dev.arrakis.engine.generation.Sampler;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.tokenizer.Tokenizer;
import dev.arrakis.engine.weights.CanonicalWeights;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * A resident transformer with TransformerLens hook points: config, weights and tokenizer,
 * immutable and safe to share between concurrent calls. Every call gets its own
 * {@link ForwardContext}.
 */
public final class HookedAutoModel implements AutoCloseable {

	/** DJL's PyTorch engine allows one gradient collector per JVM at a time. */
	private static final Object GRADIENT_PASS = new Object();

	private final String name;

	private final HookedAutoConfig config;

	private final DType dtype;

	private final NDManager manager;

	private final Transformer transformer;

	private final @Nullable Tokenizer tokenizer;

	private final long parameterCount;

	private final long weightBytes;

	private final List<HookName> hookNames;

	private final List<String> weightNames;

	private final @Nullable Path sourceDirectory;

	private HookedAutoModel(String name, HookedAutoConfig config, DType dtype, NDManager manager,
			Transformer transformer, @Nullable Tokenizer tokenizer, long parameterCount, long weightBytes,
			@Nullable Path sourceDirectory) {
		this.name = name;
		this.sourceDirectory = sourceDirectory;
		this.config = config;
		this.dtype = dtype;
		this.manager = manager;
		this.transformer = transformer;
		this.tokenizer = tokenizer;
		this.parameterCount = parameterCount;
		this.weightBytes = weightBytes;
		this.hookNames = HookCatalogue.names(config);
		this.weightNames = List.copyOf(CanonicalWeights.shapes(config).keySet());
	}

	/**
	 * Loads a Hugging Face directory: config.json, safetensors weights (single or
	 * sharded), tokenizer.json if any.
	 */
	public static HookedAutoModel load(Path directory, LoadOptions options) throws IOException {
		return load(directory, options, directory.getFileName().toString());
	}

	/**
	 * {@link #load(Path, LoadOptions)} under another name than the directory's (e.g. a
	 * Hugging Face cache snapshot, whose folder is named by a commit hash).
	 */
	public static HookedAutoModel load(Path directory, LoadOptions options, String name) throws IOException {
		HfConfig hf = HfConfig.read(directory.resolve("config.json"));
		Architecture architecture = Architectures.forModelType(hf.modelType());
		HookedAutoConfig config = architecture.config(hf);
		Device device = resolveDevice(options.device());
		requireRoom(directory, options.dtype(), DeviceMemory.of(device));
		NDManager manager = namedManager(device, "model " + directory);
		try {
			long parameters;
			long weightBytes;
			Transformer transformer;
			TensorSource source;
			try (NDManager loadScope = manager.newSubManager()) {
				source = TensorSource.open(directory, loadScope);
				StateDict weights = new StateDict(loadScope, options.dtype().dataType());
				architecture.convert(source, config, weights);
				source.requireAllTaken();
				transformer = new Transformer(config, weights);
				weights.kept().forEach(array -> array.attach(manager));
				parameters = source.elementCount();
				weightBytes = weights.keptBytes();
			}
			// Every array made from the checkpoint's mappings was freed with the scope;
			// the model holds copies.
			source.releaseMappings();
			Path tokenizerJson = directory.resolve("tokenizer.json");
			Tokenizer tokenizer = Files.isRegularFile(tokenizerJson)
					? Tokenizer.load(tokenizerJson, config.specialTokens().bos()) : null;
			return finish(name, config, options.dtype(), manager, transformer, tokenizer, parameters, weightBytes,
					directory.toAbsolutePath().normalize());
		}
		catch (RuntimeException | IOException ex) {
			manager.close();
			throw ex;
		}
	}

	/**
	 * Refuses a load the device cannot hold, before any memory is taken. Loading peaks at
	 * about twice the weight bytes: the canonical copies and the fused layout built from
	 * them exist together until the load scope closes.
	 */
	static void requireRoom(Path directory, DType dtype, DeviceMemory memory) throws IOException {
		long weightBytes = TensorSource.elementCount(directory) * dtype.dataType().getNumOfBytes();
		long neededBytes = 2 * weightBytes;
		if (neededBytes > memory.freeBytes()) {
			throw new ModelDoesNotFitException(directory.getFileName().toString(), dtype, weightBytes, neededBytes,
					memory);
		}
	}

	/**
	 * A seeded random model, as the original's
	 * {@code HookedAutoModel(HookedAutoConfig(name, ...))}: matrices drawn from N(0,
	 * 0.02^2), norm gains 1, biases 0 (Hugging Face's initialisation).
	 */
	public static HookedAutoModel random(HookedAutoConfig config, long seed, LoadOptions options) {
		NDManager manager = namedManager(resolveDevice(options.device()), "random " + config.architecture());
		try {
			Transformer transformer;
			long parameters = 0;
			long weightBytes;
			try (NDManager loadScope = manager.newSubManager()) {
				StateDict weights = new StateDict(loadScope, options.dtype().dataType());
				SplittableRandom random = new SplittableRandom(seed);
				for (Map.Entry<String, Shape> e : CanonicalWeights.shapes(config).entrySet()) {
					boolean tiedCopy = config.tiedEmbeddings() && e.getKey().equals("unembed.W_U");
					if (tiedCopy) {
						weights.putShared(e.getKey(), weights.get("embed.W_E").transpose());
						continue;
					}
					weights.put(e.getKey(), initialValue(e.getKey(), e.getValue(), random, loadScope));
					parameters += e.getValue().size();
				}
				transformer = new Transformer(config, weights);
				weights.kept().forEach(array -> array.attach(manager));
				weightBytes = weights.keptBytes();
			}
			return finish("random-" + config.architecture(), config, options.dtype(), manager, transformer, null,
					parameters, weightBytes, null);
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	/**
	 * Supplies a derived model's weights by TransformerLens name, as arrays owned by
	 * {@code into}.
	 */
	@FunctionalInterface
	public interface WeightSource {

		NDArray weight(String name, NDManager into);

	}

	/**
	 * A new, independent model with {@code config}, whose weights {@code source} supplies
	 * (e.g. this model's own through {@link #weight}, some of them masked, or its blocks
	 * reordered). It costs a full copy of the weights; this model is never changed. Close
	 * it when done.
	 */
	public HookedAutoModel derive(String name, HookedAutoConfig config, WeightSource source) {
		NDManager derived = namedManager(this.manager.getDevice(), name);
		try {
			Transformer built;
			long parameters = 0;
			long bytes;
			try (NDManager loadScope = derived.newSubManager()) {
				StateDict weights = new StateDict(loadScope, this.dtype.dataType());
				for (Map.Entry<String, Shape> entry : CanonicalWeights.shapes(config).entrySet()) {
					NDArray value = source.weight(entry.getKey(), loadScope);
					if (!value.getShape().equals(entry.getValue())) {
						throw new IllegalArgumentException("derived weight %s has shape %s; the configuration needs %s"
							.formatted(entry.getKey(), value.getShape(), entry.getValue()));
					}
					weights.put(entry.getKey(), value);
					parameters += entry.getValue().size();
				}
				built = new Transformer(config, weights);
				weights.kept().forEach(array -> array.attach(derived));
				bytes = weights.keptBytes();
			}
			Tokenizer copy = this.tokenizer == null ? null : this.tokenizer.copy();
			return finish(name, config, this.dtype, derived, built, copy, parameters, bytes, null);
		}
		catch (IOException ex) {
			derived.close();
			throw new java.io.UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			derived.close();
			throw ex;
		}
	}

	private static NDArray initialValue(String name, Shape shape, SplittableRandom random, NDManager manager) {
		String leaf = name.substring(name.lastIndexOf('.') + 1);
		float[] values = new float[Math.toIntExact(shape.size())];
		if (leaf.startsWith("W_")) {
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) (0.02 * gaussian(random));
			}
		}
		else if (leaf.equals("w")) {
			java.util.Arrays.fill(values, 1f);
		}
		return manager.create(values, shape);
	}

	private static double gaussian(SplittableRandom random) {
		double u = 1.0 - random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	private static HookedAutoModel finish(String name, HookedAutoConfig config, DType dtype, NDManager manager,
			Transformer transformer, @Nullable Tokenizer tokenizer, long parameters, long weightBytes,
			@Nullable Path sourceDirectory) {
		manager.cap();
		return new HookedAutoModel(name, config, dtype, manager, transformer, tokenizer, parameters, weightBytes,
				sourceDirectory);
	}

	private static NDManager namedManager(Device device, String name) {
		NDManager manager = NDManager.newBaseManager(device);
		manager.setName(name);
		return manager;
	}

	static Device resolveDevice(String device) {
		String wanted = device.trim().toLowerCase(Locale.ROOT);
		int gpus = Engine.getInstance().getGpuCount();
		if (wanted.equals("auto")) {
			return gpus > 0 ? Device.gpu(0) : Device.cpu();
		}
		if (wanted.equals("cpu")) {
			return Device.cpu();
		}
		if (wanted.matches("(cuda|gpu):\\d+")) {
			int index = Integer.parseInt(wanted.substring(wanted.indexOf(':') + 1));
			if (index >= gpus) {
				throw new ModelLoadException("device %s is not available: DJL sees %d GPU(s); allowed: auto, cpu%s"
					.formatted(device, gpus, gpus > 0 ? ", cuda:0..cuda:" + (gpus - 1) : ""));
			}
			return Device.gpu(index);
		}
		throw new ModelLoadException("Unknown device '%s'; allowed: auto, cpu, cuda:N".formatted(device));
	}

	public String name() {
		return this.name;
	}

	/**
	 * The Hugging Face directory the model was loaded from; null for random and derived
	 * models.
	 */
	public @Nullable Path sourceDirectory() {
		return this.sourceDirectory;
	}

	public HookedAutoConfig config() {
		return this.config;
	}

	public DType dtype() {
		return this.dtype;
	}

	/** {@code cpu} or {@code cuda:N}. */
	public String device() {
		Device device = this.manager.getDevice();
		return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
	}

	public long parameterCount() {
		return this.parameterCount;
	}

	/** Bytes held by the resident weights (fused and tied views counted once). */
	public long weightBytes() {
		return this.weightBytes;
	}

	public @Nullable Tokenizer tokenizer() {
		return this.tokenizer;
	}

	public Transformer transformer() {
		return this.transformer;
	}

	/** The TransformerLens names of this model's weights, in load order. */
	public List<String> weightNames() {
		return this.weightNames;
	}

	/**
	 * A copy of one weight in TransformerLens layout (e.g. {@code blocks.0.attn.W_Q}
	 * [n_heads, d_model, d_head]), owned by {@code into}. The model is never changed
	 * through it.
	 * @throws IllegalArgumentException naming the allowed names when {@code name} is not
	 * one of {@link #weightNames()}
	 */
	public NDArray weight(String name, NDManager into) {
		if (!this.weightNames.contains(name)) {
			throw new IllegalArgumentException(
					"No weight '%s' in %s; weights are embed.W_E, %sblocks.{0..%d}.{ln1,ln2,attn,mlp}.*, ".formatted(
							name, this.name, this.config.positional().learned() ? "pos_embed.W_pos, " : "",
							this.config.nLayers() - 1) + "ln_final.*, unembed.W_U, unembed.b_U (see weightNames())");
		}
		return this.transformer.weight(name, into);
	}

	/**
	 * The unembedding directions W_U[:, t] of {@code tokenIds}, as rows [tokens, d_model]
	 * owned by {@code into} (only those columns are copied).
	 * @throws TokenOutOfVocabularyException for an id outside the vocabulary
	 */
	public NDArray unembedColumns(long[] tokenIds, NDManager into) {
		checkTokens(new long[][] { tokenIds });
		return this.transformer.unembed().columns(tokenIds, into);
	}

	/** Every hook point of this model, in execution order. */
	public List<HookName> hookNames() {
		return this.hookNames;
	}

	/** Hook names with shapes resolved against this model's config, and their meaning. */
	public List<HookInfo> hookCatalogue() {
		return HookCatalogue.describe(this.config, this.hookNames);
	}

	/** A context for one call. Close it to free everything the call allocated. */
	public ForwardContext newContext(Hooks hooks) {
		return new ForwardContext(namedManager(this.manager.getDevice(), "call"), hooks, this.hookNames, null);
	}

	/**
	 * A context for generating with the KV cache: {@link #forward} the prompt, then one
	 * new token per call, each seeing the keys and values of the calls before. The hooks
	 * run on every pass, so a caller can watch each generated token's activations. Close
	 * it to free everything the calls allocated.
	 */
	public ForwardContext newGenerationContext(Hooks hooks) {
		return new ForwardContext(namedManager(this.manager.getDevice(), "generate"), hooks, this.hookNames,
				new KvCache(this.config.nLayers()));
	}

	/** Logits [batch, pos, d_vocab] in {@code ctx}'s scope. */
	public NDArray forward(ModelInput input, ForwardContext ctx) {
		return forward(input, ctx, null);
	}

	/**
	 * @param stopAtLayer run blocks [0, stopAtLayer) and return the residual stream
	 * [batch, pos, d_model]
	 */
	public NDArray forward(ModelInput input, ForwardContext ctx, @Nullable Integer stopAtLayer) {
		if (stopAtLayer != null && (stopAtLayer < 0 || stopAtLayer > this.config.nLayers())) {
			throw new IllegalArgumentException(
					"stopAtLayer must be in [0, %d], got %d".formatted(this.config.nLayers(), stopAtLayer));
		}
		checkTokens(input.tokens());
		ForwardWatch.beforePass();
		KvCache kvCache = ctx.kvCache();
		int pastLength = kvCache == null ? 0 : kvCache.length();
		long[][] mask = input.attentionMask();
		if (mask != null && mask[0].length != pastLength + input.length()) {
			throw new IllegalArgumentException("attention mask covers %d positions; it must cover past + new = %d"
				.formatted(mask[0].length, pastLength + input.length()));
		}
		long[][] positions = input.positionIds() != null ? input.positionIds() : defaultPositions(input, pastLength);
		checkPositions(positions);
		ctx.beginPass(input.batch(), input.length(), mask, positions);
		NDArray output = this.transformer.forward(ctx.longs(input.tokens()), ctx.longs(positions), ctx, stopAtLayer);
		if (kvCache != null) {
			kvCache.advance(input.length());
		}
		return output;
	}

	/**
	 * Runs the model and caches the activations {@code filter} selects (the whole batch
	 * of each).
	 */
	public RunResult runWithCache(ModelInput input, HookFilter filter, @Nullable Integer stopAtLayer) {
		return run(input, Hooks.caching(filter), stopAtLayer);
	}

	/** Runs the model with the given hooks; they apply to this call only. */
	public RunResult runWithHooks(ModelInput input, Hooks hooks) {
		return run(input, hooks, null);
	}

	private RunResult run(ModelInput input, Hooks hooks, @Nullable Integer stopAtLayer) {
		ForwardContext ctx = newContext(hooks);
		try {
			return new RunResult(ctx, forward(input, ctx, stopAtLayer));
		}
		catch (RuntimeException ex) {
			ctx.close();
			throw ex;
		}
	}

	/**
	 * Runs {@code input} with {@code hooks}, recording a backward pass, and returns the
	 * gradient of {@code objective} (a scalar computed from the logits) with respect to
	 * the activation at each of {@code at}. Each gradient is taken through a zero added
	 * at its hook, so it is the total derivative even when several hooks lie on one path.
	 * Weights get no gradients. Gradient passes are serialised across the JVM (the
	 * PyTorch engine records one at a time); ordinary forwards run alongside.
	 */
	public GradientRun gradients(ModelInput input, Hooks hooks, Collection<HookName> at,
			Function<NDArray, NDArray> objective) {
		synchronized (GRADIENT_PASS) {
			Map<HookName, NDArray> activations = new HashMap<>();
			Map<HookName, NDArray> zeros = new HashMap<>();
			Hooks recording = hooks;
			for (HookName name : at) {
				recording = recording.with(name, (activation, hookName) -> {
					NDArray zero = activation.zerosLike();
					zero.setRequiresGradient(true);
					zeros.put(hookName, zero);
					activations.put(hookName, activation);
					return activation.add(zero);
				});
			}
			ForwardContext ctx = newContext(recording);
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray logits = forward(input, ctx);
				NDArray value = objective.apply(logits);
				if (value.getShape().size() != 1) {
					throw new IllegalArgumentException("the objective must be a scalar, got shape " + value.getShape());
				}
				collector.backward(value);
				Map<HookName, NDArray> gradients = new HashMap<>();
				for (HookName name : at) {
					NDArray zero = zeros.get(name);
					if (zero == null) {
						throw new IllegalArgumentException(name + " is not reached by this call");
					}
					gradients.put(name, zero.getGradient());
				}
				return new GradientRun(ctx, logits, value.toType(DataType.FLOAT64, false).getDouble(), activations,
						gradients);
			}
			catch (RuntimeException ex) {
				ctx.close();
				throw ex;
			}
		}
	}

	/**
	 * Continues each row of {@code prompt} with the KV cache, without hooks. Rows must be
	 * left-padded to one length (mask the padding).
	 * @return [batch, prompt + new] token ids, prompt included
	 */
	public long[][] generate(ModelInput prompt, GenerationOptions options) {
		return generate(prompt, options, Hooks.none(), Hooks.none());
	}

	/**
	 * {@link #generate(ModelInput, GenerationOptions)} with hooks, e.g. to steer the
	 * model while it generates: {@code promptPass} runs on the pass over the whole prompt
	 * ([batch, prompt, ...] activations), {@code tokenPasses} on each later pass, which
	 * feeds one generated token per row through the KV cache ([batch, 1, ...]).
	 * <p>
	 * They are two hook sets, rather than one function that asks which pass it is in,
	 * because a hook that fits the prompt's shape (a value per prompt position, a mean
	 * over positions) rarely fits one new position: the caller decides what applies
	 * where. One context serves all passes and switches its hooks after the prompt pass,
	 * so the keys and values cached by earlier passes are those the hooks produced. With
	 * the same position-independent hook in both sets, the tokens are those of a loop of
	 * full forwards with that hook over the growing sequence. Nothing cached is returned,
	 * so pass hooks without a cache filter.
	 * @return [batch, prompt + new] token ids, prompt included
	 */
	public long[][] generate(ModelInput prompt, GenerationOptions options, Hooks promptPass, Hooks tokenPasses) {
		int batch = prompt.batch();
		Sampler sampler = new Sampler(options);
		Integer eos = this.config.specialTokens().eos();
		Integer pad = this.config.specialTokens().pad();
		List<long[]> steps = new ArrayList<>();
		boolean[] finished = new boolean[batch];
		try (ForwardContext ctx = newGenerationContext(promptPass)) {
			ModelInput next = prompt;
			long[][] mask = prompt.attentionMask();
			for (int step = 0; step < options.maxNewTokens(); step++) {
				if (step == 1) {
					ctx.useHooks(tokenPasses);
				}
				NDArray logits = forward(next, ctx);
				// The positions this pass used, so the next token continues from them.
				long[][] positions = ctx.positions();
				long[] lastPositions = new long[batch];
				for (int b = 0; b < batch; b++) {
					lastPositions[b] = positions[b][positions[b].length - 1];
				}
				float[] last = logits.get(new NDIndex(":, -1, :")).toType(DataType.FLOAT32, false).toFloatArray();
				long[] chosen = new long[batch];
				for (int b = 0; b < batch; b++) {
					float[] row = java.util.Arrays.copyOfRange(last, b * this.config.dVocab(),
							(b + 1) * this.config.dVocab());
					chosen[b] = finished[b] && pad != null ? pad : sampler.next(row);
					if (options.stopAtEos() && eos != null && chosen[b] == eos) {
						finished[b] = true;
					}
				}
				steps.add(chosen);
				boolean allFinished = options.stopAtEos() && eos != null && allTrue(finished);
				if (allFinished || step == options.maxNewTokens() - 1) {
					break;
				}
				long[][] nextTokens = new long[batch][1];
				long[][] nextPositions = new long[batch][1];
				for (int b = 0; b < batch; b++) {
					nextTokens[b][0] = chosen[b];
					nextPositions[b][0] = lastPositions[b] + 1;
				}
				mask = mask == null ? null : appendOnes(mask);
				next = new ModelInput(nextTokens, mask, nextPositions);
			}
		}
		long[][] result = new long[batch][prompt.length() + steps.size()];
		for (int b = 0; b < batch; b++) {
			System.arraycopy(prompt.tokens()[b], 0, result[b], 0, prompt.length());
			for (int s = 0; s < steps.size(); s++) {
				result[b][prompt.length() + s] = steps.get(s)[b];
			}
		}
		return result;
	}

	private static boolean allTrue(boolean[] flags) {
		for (boolean flag : flags) {
			if (!flag) {
				return false;
			}
		}
		return true;
	}

	private static long[][] appendOnes(long[][] mask) {
		long[][] extended = new long[mask.length][];
		for (int b = 0; b < mask.length; b++) {
			extended[b] = java.util.Arrays.copyOf(mask[b], mask[b].length + 1);
			extended[b][mask[b].length] = 1;
		}
		return extended;
	}

	/**
	 * past, past + 1, ... without a mask; with a mask, the count of real tokens before
	 * each position (padding gets position 1, as Hugging Face's generate does).
	 */
	static long[][] defaultPositions(ModelInput input, int past) {
		long[][] positions = new long[input.batch()][input.length()];
		long[][] mask = input.attentionMask();
		for (int b = 0; b < input.batch(); b++) {
			if (mask == null) {
				for (int i = 0; i < input.length(); i++) {
					positions[b][i] = past + i;
				}
				continue;
			}
			long seen = 0;
			for (int k = 0; k < mask[b].length; k++) {
				seen += mask[b][k] != 0 ? 1 : 0;
				int i = k - past;
				if (i >= 0) {
					positions[b][i] = mask[b][k] != 0 ? seen - 1 : 1;
				}
			}
		}
		return positions;
	}

	private void checkTokens(long[][] tokens) {
		for (int b = 0; b < tokens.length; b++) {
			for (int i = 0; i < tokens[b].length; i++) {
				if (tokens[b][i] < 0 || tokens[b][i] >= this.config.dVocab()) {
					throw new TokenOutOfVocabularyException(b, i, tokens[b][i], this.config.dVocab());
				}
			}
		}
	}

	private void checkPositions(long[][] positions) {
		for (long[] row : positions) {
			for (long position : row) {
				if (position < 0 || (this.config.positional().learned() && position >= this.config.nCtx())) {
					throw new IllegalArgumentException("position %d is outside [0, %d): the context is %d tokens"
						.formatted(position, this.config.nCtx(), this.config.nCtx()));
				}
			}
		}
	}

	@Override
	public void close() {
		if (this.tokenizer != null) {
			this.tokenizer.close();
		}
		boolean gpu = this.manager.getDevice().isGpu();
		this.manager.close();
		if (gpu) {
			// libtorch keeps freed blocks in its caching allocator; hand them back so the
			// device reports them free.
			JniUtils.emptyCudaCache();
		}
	}

}
