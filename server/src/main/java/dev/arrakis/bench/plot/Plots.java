package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Turns plot specs into {@link PlotData}: every spec is checked first, then one forward
 * caches only the hooks the specs read, and each plot is built from it. The model is only
 * read. ({@code residual_decomposition} delegates to the {@code LogitAttribution} tool,
 * which runs a forward of its own.)
 */
public final class Plots {

	private static final Map<String, PlotKind> KINDS = kinds(new AttentionPlot(), new InductionHeadsPlot(),
			new NeuronActivationPlot(), new NeuronTrajectoriesPlot(), new QkScoresPlot(), new AttentionStatsPlot(),
			new ResidualStreamPlot(), new LayerNormsPlot(), new LogitLensPlot(), new ResidualDecompositionPlot());

	/** Every plot type, with the data keys and options it takes. */
	public static final Map<String, String> TYPES = types();

	private Plots() {
	}

	/** The data of one plot of {@code model} run on {@code tokens}. */
	public static PlotData data(HookedAutoModel model, long[] tokens, PlotSpec spec) {
		return data(model, tokens, List.of(spec)).get(0);
	}

	/**
	 * The data of several plots from one forward of {@code model} on {@code tokens}, in
	 * the order of {@code specs}.
	 * @throws IllegalArgumentException for an unknown type (listing every type), a wrong
	 * or missing data key, an option out of range, or tokens the model cannot run; before
	 * anything runs
	 */
	public static List<PlotData> data(HookedAutoModel model, long[] tokens, List<PlotSpec> specs) {
		return data(model, tokens, specs, null);
	}

	/**
	 * As {@link #data(HookedAutoModel, long[], List)}, with {@code onEmbed} run at
	 * hook_embed of the shared forward (tests count forwards with it).
	 */
	static List<PlotData> data(HookedAutoModel model, long[] tokens, List<PlotSpec> specs, @Nullable HookFn onEmbed) {
		if (specs.isEmpty()) {
			throw new IllegalArgumentException("specs must hold at least one plot spec");
		}
		checkTokens(model, tokens);
		List<PreparedPlot> prepared = new ArrayList<>();
		Set<HookName> hooks = new LinkedHashSet<>();
		for (PlotSpec spec : specs) {
			PlotKind kind = kind(spec.type());
			PreparedPlot plot = kind.prepare(new PlotRequest(model, tokens, spec, kind.usage()));
			prepared.add(plot);
			hooks.addAll(plot.hooks());
		}
		Hooks calls = Hooks.caching(HookFilter.of(hooks::contains));
		if (onEmbed != null) {
			calls = calls.with(HookName.of(HookPoint.EMBED), onEmbed);
		}
		try (ForwardContext context = model.newContext(calls)) {
			NDArray logits = model.forward(ModelInput.of(tokens), context);
			Forward forward = new Forward(model, tokens, context.cache(), logits);
			return prepared.stream().map(plot -> plot.build(forward)).toList();
		}
	}

	private static PlotKind kind(String type) {
		PlotKind kind = KINDS.get(type);
		if (kind == null) {
			throw new IllegalArgumentException(
					"unknown plot type '%s': the types are %s".formatted(type, String.join(", ", KINDS.keySet())));
		}
		return kind;
	}

	private static void checkTokens(HookedAutoModel model, long[] tokens) {
		if (tokens.length == 0) {
			throw new IllegalArgumentException("tokens must hold at least 1 token, got 0");
		}
		int context = model.config().nCtx();
		if (model.config().positional().learned() && tokens.length > context) {
			throw new IllegalArgumentException(
					"tokens holds %d tokens; the model's context is %d".formatted(tokens.length, context));
		}
		int vocab = model.config().dVocab();
		for (int position = 0; position < tokens.length; position++) {
			if (tokens[position] < 0 || tokens[position] >= vocab) {
				throw new IllegalArgumentException("tokens[%d] = %d is not a token id: valid ids are 0..%d"
					.formatted(position, tokens[position], vocab - 1));
			}
		}
	}

	private static Map<String, PlotKind> kinds(PlotKind... kinds) {
		Map<String, PlotKind> byType = new LinkedHashMap<>();
		for (PlotKind kind : kinds) {
			byType.put(kind.type(), kind);
		}
		return Collections.unmodifiableMap(byType);
	}

	private static Map<String, String> types() {
		Map<String, String> usage = new LinkedHashMap<>();
		KINDS.values().forEach(kind -> usage.put(kind.type(), kind.usage()));
		return Collections.unmodifiableMap(usage);
	}

}
