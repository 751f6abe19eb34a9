package dev.arrakis.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.ToolRegistry;

/**
 * Tools bound to the bench's model, by registry key (what the original's
 * {@code use_tools} injected as keyword arguments). Each tool is created on first use.
 */
public final class Tools {

	private final ToolRegistry registry;

	private final HookedAutoModel model;

	private final Set<String> allowed;

	private final Map<String, InterpretabilityTool> created = new LinkedHashMap<>();

	Tools(ToolRegistry registry, HookedAutoModel model, List<String> keys) {
		for (String key : keys) {
			if (!registry.keys().contains(key)) {
				throw new IllegalArgumentException(
						"unknown tool '%s'; known tools: %s".formatted(key, registry.keys()));
			}
		}
		this.registry = registry;
		this.model = model;
		this.allowed = Set.copyOf(keys);
	}

	/** The keys these tools offer. */
	public Set<String> keys() {
		return this.allowed;
	}

	/** The tool under {@code key}. */
	public synchronized InterpretabilityTool get(String key) {
		if (!this.allowed.contains(key)) {
			throw new IllegalArgumentException("tool '%s' is not among these tools: %s".formatted(key, this.allowed));
		}
		return this.created.computeIfAbsent(key, (k) -> this.registry.tool(k, this.model));
	}

	/**
	 * The tool under {@code key} as its class, e.g.
	 * {@code get("attention", AttentionTools.class)}.
	 */
	public <T extends InterpretabilityTool> T get(String key, Class<T> type) {
		InterpretabilityTool tool = get(key);
		if (!type.isInstance(tool)) {
			throw new IllegalArgumentException("tool '%s' is a %s, not a %s".formatted(key,
					tool.getClass().getSimpleName(), type.getSimpleName()));
		}
		return type.cast(tool);
	}

	/** Calls a tool method by name with JSON-valued parameters. */
	public Object invoke(String key, String method, Map<String, ?> params) {
		return get(key).invoke(method, params);
	}

}
