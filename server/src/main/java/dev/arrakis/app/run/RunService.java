package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.engine.tokenizer.Tokenizer;

import org.springframework.stereotype.Service;

/**
 * Runs a {@link RunRequest} on a resident model: validates it against the model, checks
 * admission (memory estimate, the user's concurrency, the timeout), runs the forward pass
 * with the requested caching and interventions, copies the selected activations to the
 * host, reads predictions from the logits and generates if asked, with the interventions
 * applied during generation too.
 */
@Service
public class RunService {

	private final ModelRegistry registry;

	private final AdmissionControl admission;

	private final RunProperties properties;

	RunService(ModelRegistry registry, AdmissionControl admission, RunProperties properties) {
		this.registry = registry;
		this.admission = admission;
		this.properties = properties;
	}

	/**
	 * @param user the caller's name, whose concurrency limit applies
	 */
	public RunResponse run(String modelName, RunRequest request, String user) {
		return this.admission.run(user, () -> this.registry.withModel(modelName, (model) -> execute(model, request)));
	}

	private RunResponse execute(HookedAutoModel model, RunRequest request) {
		long start = System.nanoTime();
		HookedAutoConfig config = model.config();
		boolean half = request.halfPrecision();
		long[][] tokens = TokenInput.resolve(request, model, this.properties.maxTokens());
		int batch = tokens.length;
		int length = tokens[0].length;
		ActivationSelection selection = ActivationSelection.of(request, model, length);
		GenerationOptions generation = generationOptions(request, config, length);
		boolean logitsNeeded = selection.stopAtLayer() == null
				&& (request.topKOrDefault() > 0 || request.logitsIncluded());
		HookName logitsHook = HookName.of(HookPoint.LOGITS);
		Set<HookName> cached = new HashSet<>(selection.hooks());
		if (logitsNeeded) {
			cached.add(logitsHook);
		}
		List<InterventionSpec> interventions = request.interventionList();
		Hooks hooks = Interventions.addTo(Hooks.caching(HookFilter.of(cached::contains)), interventions, model, batch,
				length);
		// Checked before any pass runs, so a value that fits the prompt but not one
		// generated position is refused up front.
		Hooks tokenPasses = generation == null ? Hooks.none()
				: Interventions.addToGeneratedTokens(Hooks.none(), interventions, model, batch);
		this.admission.checkMemory(MemoryEstimate.of(selection, config, batch, length));

		List<ActivationTensor> activations = new ArrayList<>();
		HostTensor logits = null;
		long forwardStart = System.nanoTime();
		try (ForwardContext context = model.newContext(hooks)) {
			model.forward(ModelInput.of(tokens), context, selection.stopAtLayer());
			for (HookName hook : selection.hooks()) {
				HostTensor tensor = context.cache().toHost(hook, selection.narrowing());
				activations.add(tensor(hook.toString(), tensor, half));
			}
			if (logitsNeeded) {
				logits = context.cache().toHost(logitsHook, new Narrowing(selection.positions(), null));
			}
		}
		double forwardMillis = millisSince(forwardStart);

		Tokenizer tokenizer = model.tokenizer();
		List<Integer> positions = selection.positions() != null ? selection.positions() : allPositions(length);
		List<List<Prediction>> predictions = logits == null || request.topKOrDefault() == 0 ? List.of()
				: Predictions.topK(logits, positions, request.topKOrDefault(), tokenizer);

		Generation generated = null;
		double generateMillis = 0;
		if (generation != null) {
			long generateStart = System.nanoTime();
			Hooks promptPass = Interventions.addTo(Hooks.none(), interventions, model, batch, length);
			generated = generate(model, tokens, generation, promptPass, tokenPasses, tokenizer);
			generateMillis = millisSince(generateStart);
		}
		return new RunResponse(model.name(), tokens, tokenStrings(tokenizer, tokens), predictions, activations,
				request.logitsIncluded() && logits != null ? tensor("logits", logits, half) : null, generated,
				new RunTimings(forwardMillis, generateMillis, millisSince(start)));
	}

	private @Nullable GenerationOptions generationOptions(RunRequest request, HookedAutoConfig config, int length) {
		GenerateSpec spec = request.generate();
		if (spec == null) {
			return null;
		}
		GenerationOptions options = spec.options(this.properties.maxNewTokens());
		if (length + options.maxNewTokens() > config.nCtx()) {
			throw new InvalidFieldProblem("generate.maxNewTokens",
					"generate.maxNewTokens %d after %d input tokens exceeds the model's context length %d; at most %d"
						.formatted(options.maxNewTokens(), length, config.nCtx(), config.nCtx() - length));
		}
		return options;
	}

	/**
	 * Generates with the interventions applied as in a streamed run: all of them on the
	 * pass over the input, and on each generated token's pass those without
	 * {@code positions}, other than {@code mean_ablate}.
	 */
	private static Generation generate(HookedAutoModel model, long[][] tokens, GenerationOptions options,
			Hooks promptPass, Hooks tokenPasses, @Nullable Tokenizer tokenizer) {
		long[][] all = model.generate(ModelInput.of(tokens), options, promptPass, tokenPasses);
		long[][] added = new long[all.length][];
		List<String> texts = tokenizer == null ? null : new ArrayList<>();
		for (int b = 0; b < all.length; b++) {
			added[b] = Arrays.copyOfRange(all[b], tokens[b].length, all[b].length);
			if (texts != null) {
				texts.add(tokenizer.decode(added[b]));
			}
		}
		return new Generation(added, texts);
	}

	private static @Nullable List<List<String>> tokenStrings(@Nullable Tokenizer tokenizer, long[][] tokens) {
		if (tokenizer == null) {
			return null;
		}
		return Arrays.stream(tokens).map((row) -> List.of(tokenizer.tokenStrings(row))).toList();
	}

	private static ActivationTensor tensor(String name, HostTensor tensor, boolean half) {
		return new ActivationTensor(name, tensor.shape(), half ? "float16" : "float32",
				half ? Float16.round(tensor.data()) : tensor.data());
	}

	private static List<Integer> allPositions(int length) {
		List<Integer> positions = new ArrayList<>(length);
		for (int p = 0; p < length; p++) {
			positions.add(p);
		}
		return positions;
	}

	private static double millisSince(long start) {
		return (System.nanoTime() - start) / 1e6;
	}

}
