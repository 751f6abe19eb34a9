package dev.arrakis.app.streaming;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.app.streaming.ClientMessageReader.Run;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.app.run.ActivationSelection;
import dev.arrakis.app.run.HookResolver;
import dev.arrakis.app.run.InterventionSpec;
import dev.arrakis.app.run.Interventions;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.TokenOutOfVocabularyException;
import dev.arrakis.engine.generation.Sampler;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.engine.tokenizer.Tokenizer;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One streamed run on a leased model: the prompt pass (step 0) and, with
 * {@code generate}, one pass per generated token through the KV cache (step n feeds the
 * nth generated token). A hook function at every selected hook point copies the
 * activation to little-endian host bytes, hands the frame to {@code out} (which blocks
 * while the client lags) and returns the activation unchanged, so the streamed numbers
 * are the model's own. Greedy decoding picks each token as the engine's
 * {@link HookedAutoModel#generate} does, stopping after the end-of-sequence token.
 */
final class ActivationRun {

	private final HookedAutoModel model;

	private final Run request;

	private final StreamMessages messages;

	private final Consumer<WebSocketMessage<?>> out;

	private final BooleanSupplier cancelled;

	private int step;

	/** What the prompt pass's frames keep: the positions and heads asked for. */
	private Narrowing promptNarrowing = Narrowing.ALL;

	/** What a generated token's frames keep: its one position, the heads asked for. */
	private Narrowing tokenNarrowing = Narrowing.ALL;

	private long frames;

	private long bytes;

	ActivationRun(HookedAutoModel model, Run request, StreamMessages messages, Consumer<WebSocketMessage<?>> out,
			BooleanSupplier cancelled) {
		this.model = model;
		this.request = request;
		this.messages = messages;
		this.out = out;
		this.cancelled = cancelled;
	}

	/** What a completed run sent. */
	record Outcome(long frames, long bytes, long[] tokens, long[] generated) {
	}

	/**
	 * Runs the request, sending its frames as the hooks fire.
	 * @throws StreamCancelledException when the client cancelled (at the next hook)
	 * @throws InvalidFieldProblem, UnknownHookProblem for requests this model cannot run
	 * (before anything is sent)
	 */
	Outcome run() {
		long[] prompt = prompt();
		int context = this.model.config().nCtx();
		if (prompt.length + this.request.maxNewTokens() > context) {
			String field = this.request.maxNewTokens() > 0 ? "generate.maxNewTokens"
					: (this.request.request().tokens() != null ? "tokens" : "text");
			throw new InvalidFieldProblem(field,
					"The prompt (%d tokens) plus the tokens to generate (%d) exceed the model's context of %d"
						.formatted(prompt.length, this.request.maxNewTokens(), context),
					Map.of("promptTokens", prompt.length, "context", context));
		}
		Hooks hooks = hooks(prompt.length);
		boolean generating = this.request.maxNewTokens() > 0;
		List<Long> generated = new ArrayList<>();
		try (ForwardContext ctx = generating ? this.model.newGenerationContext(hooks) : this.model.newContext(hooks)) {
			NDArray logits = this.model.forward(ModelInput.of(prompt), ctx);
			Integer eos = this.model.config().specialTokens().eos();
			for (int n = 1; n <= this.request.maxNewTokens(); n++) {
				long token = Sampler
					.argmax(logits.get(new NDIndex("0, -1, :")).toType(DataType.FLOAT32, false).toFloatArray());
				generated.add(token);
				this.out.accept(this.messages.token(n, token, decode(token)));
				this.step = n;
				logits = this.model.forward(ModelInput.of(new long[] { token }), ctx);
				if (eos != null && token == eos) {
					break;
				}
			}
		}
		return new Outcome(this.frames, this.bytes, prompt, generated.stream().mapToLong(Long::longValue).toArray());
	}

	private long[] prompt() {
		long[] tokens = this.request.request().tokens();
		if (tokens != null) {
			int vocab = this.model.config().dVocab();
			for (int i = 0; i < tokens.length; i++) {
				if (tokens[i] < 0 || tokens[i] >= vocab) {
					TokenOutOfVocabularyException ex = new TokenOutOfVocabularyException(0, i, tokens[i], vocab);
					throw new InvalidFieldProblem("tokens[" + i + "]", ex.getMessage(),
							Map.of("index", i, "tokenId", tokens[i], "vocab", vocab));
				}
			}
			return tokens;
		}
		Tokenizer tokenizer = this.model.tokenizer();
		if (tokenizer == null) {
			throw new InvalidFieldProblem("text",
					"Model '%s' has no tokenizer; send 'tokens' instead".formatted(this.request.model()));
		}
		long[] encoded = tokenizer.encode(this.request.request().text(), this.request.request().prependBos());
		if (encoded.length == 0) {
			throw new InvalidFieldProblem("text", "The text encodes to no tokens");
		}
		return encoded;
	}

	/**
	 * Checks the selectors and interventions against the model and the prompt, then puts
	 * at every hook point the interventions of the current step (the prompt pass's, or a
	 * generated token's) followed, at the selected hooks, by the streaming function.
	 */
	private Hooks hooks(int length) {
		ActivationStreamRequest request = this.request.request();
		List<HookName> selected = HookResolver.resolve(this.request.hooks(), this.model.hookNames(), "hooks");
		List<Integer> positions = request.positions() == null ? null : request.positions().resolve(length, "positions");
		List<Integer> heads = request.heads() == null ? null
				: ActivationSelection.heads(request.heads(), this.model.config().nHeads(), "heads");
		this.promptNarrowing = new Narrowing(positions, heads);
		this.tokenNarrowing = new Narrowing(null, heads);
		List<InterventionSpec> specs = request.interventions() == null ? List.of() : request.interventions();
		Hooks prompt = Interventions.addTo(Hooks.none(), specs, this.model, 1, length);
		Hooks generated = this.request.maxNewTokens() > 0
				? Interventions.addToGeneratedTokens(Hooks.none(), specs, this.model) : Hooks.none();
		Hooks hooks = Hooks.none();
		for (HookName name : this.model.hookNames()) {
			List<HookFn> atPrompt = prompt.functionsAt(name);
			List<HookFn> atToken = generated.functionsAt(name);
			if (!atPrompt.isEmpty() || !atToken.isEmpty()) {
				hooks = hooks.with(name,
						(activation, hook) -> apply(this.step == 0 ? atPrompt : atToken, activation, hook));
			}
			if (selected.contains(name)) {
				hooks = hooks.with(name, this::stream);
			}
		}
		return hooks;
	}

	private static NDArray apply(List<HookFn> functions, NDArray activation, HookName name) {
		NDArray result = activation;
		for (HookFn function : functions) {
			result = function.apply(result, name);
		}
		return result;
	}

	/** The hook function: sends the activation and leaves it as it is. */
	private NDArray stream(NDArray activation, HookName name) {
		if (this.cancelled.getAsBoolean()) {
			throw new StreamCancelledException();
		}
		DType dtype = this.request.dtype();
		Narrowing narrowing = this.step == 0 ? this.promptNarrowing : this.tokenNarrowing;
		ByteBuffer frame;
		try (NDManager scope = NDManager.newBaseManager(activation.getDevice())) {
			NDArray narrowed = narrowing.equals(Narrowing.ALL) ? activation
					: ActivationCache.narrow(activation, name, narrowing, scope);
			NDArray typed = narrowed.toType(dtype.dataType(), false);
			try {
				FrameHeader header = new FrameHeader(name.toString(), narrowed.getShape().getShape(), dtype.label(),
						name.layer() >= 0 ? name.layer() : null, this.step, this.frames);
				frame = ActivationFrames.encode(this.messages.header(header), typed.toByteBuffer(),
						dtype == DType.FLOAT16 ? 2 : 4);
			}
			finally {
				if (typed != narrowed) {
					typed.close();
				}
			}
		}
		int size = frame.remaining();
		this.out.accept(new BinaryMessage(frame));
		this.frames++;
		this.bytes += size;
		return activation;
	}

	private String decode(long token) {
		Tokenizer tokenizer = this.model.tokenizer();
		return tokenizer == null ? "" : tokenizer.decode(new long[] { token });
	}

}
