package dev.arrakis.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.causal.ActivationPatching;
import dev.arrakis.tools.composition.CompositionTool;
import dev.arrakis.tools.features.FeatureViz;
import dev.arrakis.tools.kg.KnowledgeGraphExtractor;
import dev.arrakis.tools.knowledge.KnowledgeProber;
import dev.arrakis.tools.readwrite.ReadWriteTool;
import dev.arrakis.tools.residual.LogitAttribution;
import dev.arrakis.tools.residual.LogitLens;
import dev.arrakis.tools.residual.ResidualDecomposer;
import dev.arrakis.tools.sparsity.SparsityAnalyzer;
import dev.arrakis.tools.superposition.SuperpositionTools;
import dev.arrakis.tools.surgery.ModelSurgery;
import dev.arrakis.tools.residual.ResidualTools;

/**
 * Tools by the original Arrakis keys. An immutable value: {@link #with} returns a
 * registry that also has a user's tool, so one user's registration never changes
 * another's.
 */
public final class ToolRegistry {

	/** The keys the original Arrakis bench used, in its order. */
	public static final List<String> SEED_KEYS = List.of("attention", "composer", "causal", "kg_extractor", "knowledge",
			"k_prober", "logit", "logit_lens", "write_read", "decomposer", "residual", "sparsity", "superposition",
			"surgery", "feature_viz");

	private final Map<String, Function<HookedAutoModel, InterpretabilityTool>> factories;

	private ToolRegistry(Map<String, Function<HookedAutoModel, InterpretabilityTool>> factories) {
		this.factories = Map.copyOf(factories);
	}

	/** A tool under every seed key. */
	public static ToolRegistry standard() {
		Map<String, Function<HookedAutoModel, InterpretabilityTool>> tools = new LinkedHashMap<>();
		tools.put("attention", AttentionTools::new);
		tools.put("causal", ActivationPatching::new);
		tools.put("composer", CompositionTool::new);
		tools.put("decomposer", ResidualDecomposer::new);
		tools.put("feature_viz", FeatureViz::new);
		tools.put("k_prober", model -> new KnowledgeProber(model, "k_prober"));
		tools.put("kg_extractor", KnowledgeGraphExtractor::new);
		tools.put("knowledge", KnowledgeProber::new);
		tools.put("logit", LogitAttribution::new);
		tools.put("logit_lens", LogitLens::new);
		tools.put("residual", ResidualTools::new);
		tools.put("sparsity", SparsityAnalyzer::new);
		tools.put("superposition", SuperpositionTools::new);
		tools.put("surgery", ModelSurgery::new);
		tools.put("write_read", ReadWriteTool::new);
		return new ToolRegistry(tools);
	}

	/**
	 * A registry that also has {@code factory} under {@code key} (a user's tool, or a
	 * replacement).
	 */
	public ToolRegistry with(String key, Function<HookedAutoModel, InterpretabilityTool> factory) {
		Map<String, Function<HookedAutoModel, InterpretabilityTool>> copy = new LinkedHashMap<>(this.factories);
		copy.put(key, factory);
		return new ToolRegistry(copy);
	}

	public List<String> keys() {
		return this.factories.keySet().stream().sorted().toList();
	}

	/** The tool under {@code key}, bound to {@code model}. */
	public InterpretabilityTool tool(String key, HookedAutoModel model) {
		Function<HookedAutoModel, InterpretabilityTool> factory = this.factories.get(key);
		if (factory == null) {
			throw new IllegalArgumentException("No tool '%s'; available: %s".formatted(key, keys()));
		}
		return factory.apply(model);
	}

}
