package dev.arrakis.tools;

import java.util.List;

/**
 * A method of a tool, described as data (never found by reflection).
 *
 * @param name the method's name, e.g. {@code detect_heads}
 * @param description what it computes, with the definition it follows
 * @param params its parameters in order
 * @param result what it returns
 */
public record ToolMethod(String name, String description, List<ParamSpec> params, ResultSpec result) {

	public ToolMethod {
		params = List.copyOf(params);
	}

}
