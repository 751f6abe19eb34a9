package dev.arrakis.app.tools;

import java.util.List;

import dev.arrakis.tools.InterpretabilityTool;
import dev.arrakis.tools.ToolMethod;

/**
 * One interpretability tool as the catalogue describes it.
 *
 * @param key its registry key, e.g. {@code attention}
 * @param description what it is for
 * @param methods its methods: name, description, parameters (name, type, default, unit)
 * and result
 */
public record ToolResponse(String key, String description, List<ToolMethod> methods) {

	static ToolResponse of(InterpretabilityTool tool) {
		return new ToolResponse(tool.key(), tool.description(), tool.methods());
	}

}
