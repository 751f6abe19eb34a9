package dev.arrakis.tools;

import org.jspecify.annotations.Nullable;

/**
 * One parameter of a tool method, described for the REST API and the dashboard.
 *
 * @param name the parameter's name, e.g. {@code layer}
 * @param type {@code int}, {@code int[]}, {@code double}, {@code string} or
 * {@code tokens}
 * @param defaultValue the default, or null when the parameter is required
 * @param unit what the number counts or its range, e.g.
 * {@code layer index in [0, n_layers)}
 */
public record ParamSpec(String name, String type, @Nullable String defaultValue, String unit) {

	public static ParamSpec required(String name, String type, String unit) {
		return new ParamSpec(name, type, null, unit);
	}

	public static ParamSpec optional(String name, String type, String defaultValue, String unit) {
		return new ParamSpec(name, type, defaultValue, unit);
	}

}
