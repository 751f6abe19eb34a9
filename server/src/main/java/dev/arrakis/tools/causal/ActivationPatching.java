package dev.arrakis.tools.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.causal.PatchedRuns.Site;

/**
 * Causal interventions (registry key {@code causal}): activation patching, as in
 * TransformerLens's {@code patching} module and Heimersheim and Nanda, "How to use and
 * interpret activation patching" (2024), and causal tracing (Meng et al. 2022, see
 * {@link CausalTracing}). Through hooks only; the model is not changed.
 */
public final class ActivationPatching extends BaseInterpretabilityTool {

	/**
	 * Below this relative gap between the clean and corrupted metrics the normalised
	 * metric is reported as undefined rather than divided by (almost) zero.
	 */
	static final double UNDEFINED_GAP = 1e-6;

	/** The most integration steps: each is one row of a gradient pass. */
	static final int MAX_STEPS = 1024;

	private final SweepBatching batching;

	public ActivationPatching(HookedAutoModel model) {
		this(model, SweepBatching.DEFAULT);
	}

	/** A tool whose sweeps batch patched runs as {@code batching} allows. */
	public ActivationPatching(HookedAutoModel model, SweepBatching batching) {
		super(model);
		this.batching = batching;
	}

	@Override
	public String key() {
		return "causal";
	}

	@Override
	public String description() {
		return "Activation patching (denoising) and causal tracing (ROME) through hooks.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		return List.of(new ToolMethod("patch",
				"Denoising activation patching: runs the corrupted sequence once per index of the target, with the "
						+ "clean run's activation patched in at that index only, and reports the metric and the "
						+ "normalised metric (patched - corrupted) / (clean - corrupted). The metric uses the clean "
						+ "sequence's tokens as targets. Patched runs are batched.",
				List.of(ParamSpec.required("clean", "tokens", "token ids, each in [0, d_vocab)"),
						ParamSpec.required("corrupted", "tokens", "token ids, as many as clean"),
						ParamSpec.required("target", "string",
								"resid_pre | attn_out | mlp_out (per layer and position) | head_z (per layer and head, "
										+ "all positions) | head_z_by_position (per layer, head and position)"),
						ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC)),
				new ResultSpec("PatchingResult", "[n_layers, n_heads or 1, pos or 1]",
						"metric units (patched); normalised: 0 = corrupted, 1 = clean")),
				new ToolMethod("trace",
						"Causal tracing (Meng et al. 2022): Gaussian noise (std = noiseScale x the standard deviation "
								+ "of W_E's entries) added to hook_embed at the subject positions; then, for each "
								+ "layer and position, the clean resid_post, attn_out or mlp_out restored alone. "
								+ "Reports the probability of targetToken at the last position, averaged over samples "
								+ "noise draws.",
						List.of(tokens, ParamSpec.required("subjectFrom", "int", "first subject position, in [0, pos)"),
								ParamSpec.required("subjectTo", "int",
										"end of the subject (exclusive), in [subjectFrom + 1, pos]"),
								ParamSpec.required("targetToken", "int", "token id in [0, d_vocab)"),
								ParamSpec.optional("noiseScale", "double", "3", "multiple of the embedding std, > 0"),
								ParamSpec.optional("samples", "int", "10", "noise draws, >= 1"),
								ParamSpec.optional("seed", "int", "0", "seed of the noise")),
						new ResultSpec("CausalTrace", "[n_layers, pos] for each of resid_post, attn_out, mlp_out",
								"probability of targetToken at the last position, in [0, 1]")),
				new ToolMethod("attribution_patch",
						"Attribution patching (Nanda 2023; Syed et al. 2023): the first-order estimate of patch(), "
								+ "effect(i) = (clean_i - corrupted_i) . d metric / d activation_i with the gradient "
								+ "taken on the corrupted run, from one clean cached run and one corrupted gradient "
								+ "pass. patched = corrupted + effect; normalised = effect / (clean - corrupted), with "
								+ "the real clean and corrupted metrics.",
						List.of(ParamSpec.required("clean", "tokens", "token ids, each in [0, d_vocab)"),
								ParamSpec.required("corrupted", "tokens", "token ids, as many as clean"),
								ParamSpec.required("target", "string",
										"resid_pre | attn_out | mlp_out | head_z | head_z_by_position (as in patch)"),
								ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC)),
						new ResultSpec("PatchingResult", "[n_layers, n_heads or 1, pos or 1]",
								"estimated metric units (patched); normalised: 0 = corrupted, 1 = clean")),
				new ToolMethod("intervene",
						"Runs tokens with every intervention applied together through hooks (an MLP neuron's "
								+ "hook_post set to a value or scaled, a head's hook_z scaled; factor 0 = zero "
								+ "ablation) and reports the metric with and without them.",
						List.of(tokens, ParamSpec.required("interventions", "intervention[]", JsonForms.INTERVENTIONS),
								ParamSpec.optional("metric", "metric", "loss", JsonForms.METRIC)),
						new ResultSpec("InterventionResult", "[]", "metric units; effect = intervened - clean")),
				new ToolMethod("input_attribution",
						"Per input token, attribution of logit[position, targetToken] to the input embeddings "
								+ "(hook_embed, plus hook_pos_embed for learned positions): gradient x input, and "
								+ "integrated gradients from the zero embedding (Sundararajan et al. 2017; Riemann "
								+ "sum at k / steps, k = 1..steps, batched), with the completeness check f(x) - f(0).",
						List.of(tokens,
								ParamSpec.required("position", "int",
										"position whose logit is attributed, in [0, pos)"),
								ParamSpec.required("targetToken", "long", "token id in [0, d_vocab)"),
								ParamSpec.optional("steps", "int", "64", "integration steps, in [1, 1024]")),
						new ResultSpec("InputAttributionResult", "[pos]",
								"logit units; sums approximate f(x) - f(0)")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "patch" -> patch(args.tokens("clean"), args.tokens("corrupted"),
					args.choice("target", PatchTarget.class), args.metric("metric"));
			case "trace" -> trace(args.tokens("tokens"), args.integer("subjectFrom"), args.integer("subjectTo"),
					args.longValue("targetToken"), args.real("noiseScale"), args.integer("samples"),
					args.longValue("seed"));
			case "attribution_patch" -> attributionPatch(args.tokens("clean"), args.tokens("corrupted"),
					args.choice("target", PatchTarget.class), args.metric("metric"));
			case "intervene" ->
				intervene(args.tokens("tokens"), args.interventions("interventions"), args.metric("metric"));
			case "input_attribution" -> inputAttribution(args.tokens("tokens"), args.integer("position"),
					args.longValue("targetToken"), args.integer("steps"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Patches {@code target} from the clean run into the corrupted run, one index at a
	 * time, and measures {@code metric} on each patched run (with {@code clean}'s tokens
	 * as the metric's targets).
	 * <p>
	 * Partial result ({@link ForwardWatch#reportPartial}): each time a layer's patched
	 * runs are all done, a {@link PatchingResult} of the layers done so far: the same
	 * clean and corrupted metrics, and the first rows of {@code layers}, {@code patched}
	 * and {@code normalised}, equal to the final result's; the last report is the result.
	 * @throws IllegalArgumentException if the sequences are empty, differ in length or
	 * hold tokens outside the vocabulary, or the metric does not fit them
	 */
	public PatchingResult patch(long[] clean, long[] corrupted, PatchTarget target, Metric metric) {
		checkPair(clean, corrupted, metric);
		int layers = this.model.config().nLayers();
		int heads = target.perHead() ? this.model.config().nHeads() : 1;
		int positions = target.perPosition() ? clean.length : 1;
		int sitesPerLayer = heads * positions;
		List<Site> sites = sites(target, layers, heads, positions);
		HookFilter patchedPoint = HookFilter.of(name -> name.point() == target.hookPoint());
		try (RunResult cleanRun = this.model.runWithCache(ModelInput.of(clean), patchedPoint, null)) {
			double cleanMetric = metric.evaluate(cleanRun.output(), 0, clean);
			double corruptedMetric;
			try (RunResult corruptedRun = this.model.runWithHooks(ModelInput.of(corrupted), Hooks.none())) {
				corruptedMetric = metric.evaluate(corruptedRun.output(), 0, clean);
			}
			int[] layersReported = { 0 };
			double[] patched = new PatchedRuns(this.model, this.batching).run(corrupted, sites, cleanRun.cache(),
					(hooks, from, to) -> hooks,
					logits -> IntStream.range(0, (int) logits.getShape().get(0))
						.mapToDouble(row -> metric.evaluate(logits, row, clean))
						.toArray(),
					(measured, done) -> {
						int layersDone = done / sitesPerLayer;
						if (layersDone > layersReported[0]) {
							layersReported[0] = layersDone;
							ForwardWatch.reportPartial(patchingResult(target, metric, heads, positions, cleanMetric,
									corruptedMetric, Arrays.copyOf(measured, layersDone * sitesPerLayer)));
						}
					});
			return patchingResult(target, metric, heads, positions, cleanMetric, corruptedMetric, patched);
		}
	}

	/**
	 * The result of a patching sweep whose first {@code patched.length / (heads x
	 * positions)} layers are done: all of them for the final result, fewer for a partial
	 * one.
	 */
	private static PatchingResult patchingResult(PatchTarget target, Metric metric, int heads, int positions,
			double cleanMetric, double corruptedMetric, double[] patched) {
		int layers = patched.length / (heads * positions);
		double gap = cleanMetric - corruptedMetric;
		double scale = Math.max(1, Math.max(Math.abs(cleanMetric), Math.abs(corruptedMetric)));
		boolean defined = Math.abs(gap) > UNDEFINED_GAP * scale;
		@Nullable String note = defined ? null
				: "normalised metric undefined: the clean (%s) and corrupted (%s) metrics coincide, so there is no "
					.formatted(cleanMetric, corruptedMetric) + "difference for patching to restore";
		return new PatchingResult(target, metric.describe(), labels("L", layers),
				target.perHead() ? labels("H", heads) : List.of(target.component()),
				target.perPosition() ? labels("", positions) : List.of("all"), cleanMetric, corruptedMetric,
				cube(patched, heads, positions, value -> value),
				defined ? cube(patched, heads, positions, value -> (value - corruptedMetric) / gap) : null, note);
	}

	/**
	 * Causal tracing (Meng et al. 2022): noises the embeddings of the subject, positions
	 * [subjectFrom, subjectTo), and restores one clean state at a time, measuring the
	 * probability of {@code targetToken} at the last position (see
	 * {@link CausalTracing}).
	 * @param noiseScale the noise's standard deviation in multiples of the standard
	 * deviation of W_E's entries (ROME: 3)
	 * @param samples noise draws every probability averages over (ROME: 10)
	 * @param seed the noise's seed: the same seed gives the same trace
	 */
	public CausalTrace trace(long[] tokens, int subjectFrom, int subjectTo, long targetToken, double noiseScale,
			int samples, long seed) {
		checkTokens("tokens", tokens, 1);
		checkIndex("subjectFrom", subjectFrom, tokens.length);
		if (subjectTo <= subjectFrom || subjectTo > tokens.length) {
			throw new IllegalArgumentException("subjectTo = %d is out of range: valid values are %d..%d"
				.formatted(subjectTo, subjectFrom + 1, tokens.length));
		}
		checkIndex("targetToken", targetToken, this.model.config().dVocab());
		if (!(noiseScale > 0 && noiseScale < Double.POSITIVE_INFINITY)) {
			throw new IllegalArgumentException(
					"noiseScale = %s is out of range: valid values are finite and > 0".formatted(noiseScale));
		}
		if (samples < 1) {
			throw new IllegalArgumentException(
					"samples = %d is out of range: valid values are 1..%d".formatted(samples, Integer.MAX_VALUE));
		}
		return new CausalTracing(this.model, this.batching).trace(tokens, subjectFrom, subjectTo, targetToken,
				noiseScale, samples, seed);
	}

	/**
	 * The first-order (attribution patching) estimate of {@link #patch}: per index,
	 * (clean - corrupted activation) . d metric / d activation on the corrupted run,
	 * reported as patched = corrupted + estimate and normalised like {@link #patch} (see
	 * {@link AttributionPatching}).
	 * <p>
	 * No partial result: every index of every layer comes out of the same two passes (a
	 * cached clean run and one gradient pass through the corrupted run), and what follows
	 * them is a few products per layer, so no layer is done before nearly all the work
	 * is.
	 * @throws IllegalArgumentException as {@link #patch}
	 */
	public PatchingResult attributionPatch(long[] clean, long[] corrupted, PatchTarget target, Metric metric) {
		checkPair(clean, corrupted, metric);
		return new AttributionPatching(this.model).estimate(clean, corrupted, target, metric);
	}

	private void checkPair(long[] clean, long[] corrupted, Metric metric) {
		checkTokens("clean", clean, 1);
		checkTokens("corrupted", corrupted, 1);
		if (clean.length != corrupted.length) {
			throw new IllegalArgumentException(
					"clean holds %d tokens and corrupted %d; patching needs sequences of equal length"
						.formatted(clean.length, corrupted.length));
		}
		metric.validate(clean.length, this.model.config().dVocab());
	}

	/**
	 * Runs {@code tokens} with every intervention applied together and measures
	 * {@code metric} with and without them.
	 * @throws IllegalArgumentException if there is no intervention, or one names a layer,
	 * neuron, head or position out of range, or a value or factor that is not finite
	 */
	public InterventionResult intervene(long[] tokens, List<Intervention> interventions, Metric metric) {
		checkTokens("tokens", tokens, 1);
		metric.validate(tokens.length, this.model.config().dVocab());
		if (interventions.isEmpty()) {
			throw new IllegalArgumentException("interventions must hold at least one intervention");
		}
		for (int i = 0; i < interventions.size(); i++) {
			checkIntervention("interventions[%d]".formatted(i), interventions.get(i), tokens.length);
		}
		double clean;
		double intervened;
		try (RunResult run = this.model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			clean = metric.evaluate(run.output(), 0, tokens);
		}
		try (RunResult run = this.model.runWithHooks(ModelInput.of(tokens), Interventions.hooks(interventions))) {
			intervened = metric.evaluate(run.output(), 0, tokens);
		}
		return new InterventionResult(interventions.stream().map(Intervention::describe).toList(), metric.describe(),
				clean, intervened, intervened - clean);
	}

	/**
	 * Gradient x input and integrated gradients (zero baseline, {@code steps} Riemann
	 * steps) of logit[{@code position}, {@code targetToken}] per input token (see
	 * {@link InputAttribution}).
	 * @throws IllegalArgumentException if the tokens are empty or out of the vocabulary,
	 * or position, targetToken or steps are out of range
	 */
	public InputAttributionResult inputAttribution(long[] tokens, int position, long targetToken, int steps) {
		checkTokens("tokens", tokens, 1);
		checkIndex("position", position, tokens.length);
		checkIndex("targetToken", targetToken, this.model.config().dVocab());
		if (steps < 1 || steps > MAX_STEPS) {
			throw new IllegalArgumentException(
					"steps = %d is out of range: valid values are 1..%d".formatted(steps, MAX_STEPS));
		}
		return new InputAttribution(this.model).attribute(tokens, position, targetToken, steps);
	}

	private void checkIntervention(String parameter, Intervention intervention, int length) {
		checkLayer(parameter + ".layer", intervention.layer());
		if (intervention.position() != Intervention.ALL_POSITIONS) {
			if (intervention.position() < 0 || intervention.position() >= length) {
				throw new IllegalArgumentException(
						"%s.position = %d is out of range: valid values are -1 (every position) or 0..%d"
							.formatted(parameter, intervention.position(), length - 1));
			}
		}
		double number;
		String numberName;
		if (intervention instanceof Intervention.NeuronValue set) {
			checkNeuron(parameter + ".neuron", set.neuron());
			number = set.value();
			numberName = "value";
		}
		else if (intervention instanceof Intervention.NeuronScale scale) {
			checkNeuron(parameter + ".neuron", scale.neuron());
			number = scale.factor();
			numberName = "factor";
		}
		else {
			Intervention.HeadScale scale = (Intervention.HeadScale) intervention;
			checkHead(parameter + ".head", scale.head());
			number = scale.factor();
			numberName = "factor";
		}
		if (!Double.isFinite(number)) {
			throw new IllegalArgumentException(
					"%s.%s = %s is out of range: it must be a finite number".formatted(parameter, numberName, number));
		}
	}

	/** Layer-major, then head, then position: the order of the result's arrays. */
	private static List<Site> sites(PatchTarget target, int layers, int heads, int positions) {
		List<Site> sites = new ArrayList<>(layers * heads * positions);
		for (int layer = 0; layer < layers; layer++) {
			HookName name = HookName.of(target.hookPoint(), layer);
			for (int head = 0; head < heads; head++) {
				for (int position = 0; position < positions; position++) {
					sites.add(new Site(name, target.perHead() ? head : PatchedRuns.ALL,
							target.perPosition() ? position : PatchedRuns.ALL));
				}
			}
		}
		return sites;
	}

	/** The sweep's values, layer-major, as [layer][head][position]. */
	private static float[][][] cube(double[] values, int heads, int positions, DoubleUnaryOperator transform) {
		float[][][] cube = new float[values.length / (heads * positions)][heads][positions];
		for (int i = 0; i < values.length; i++) {
			cube[i / (heads * positions)][i / positions % heads][i % positions] = (float) transform
				.applyAsDouble(values[i]);
		}
		return cube;
	}

	static List<String> labels(String prefix, int count) {
		return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
	}

}
