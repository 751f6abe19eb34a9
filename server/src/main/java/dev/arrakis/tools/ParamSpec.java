package dev.arrakis.tools;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One parameter of a tool method, described for the REST API and the dashboard.
 *
 * @param name the parameter's name, e.g. {@code layer}
 * @param type one of {@link #TYPES}: {@code int}, {@code int[]}, {@code long},
 * {@code double}, {@code boolean}, {@code string} (an enumerated choice, listed in the
 * unit), {@code tokens} (one sequence of token ids), {@code tokens[]} (a dataset of
 * sequences), {@code head[]} ({layer, head} pairs), {@code metric} ({@link Metric}), or
 * {@code direction} (a residual-stream direction: a token, a token difference or a
 * vector), {@code surgery_plan} (delete, permute or replace blocks),
 * {@code intervention[]} (neuron and head interventions: {@code neuron_value},
 * {@code neuron_scale}, {@code head_scale}, each with layer, neuron or head, position (-1
 * for all) and value or factor); {@link JsonForms} gives the JSON form of each structured
 * type
 * @param defaultValue the default, or null when the parameter is required; parsed as JSON
 * when it parses ({@code 5}, {@code []}, {@code true}), else a plain string
 * ({@code zero})
 * @param unit what the number counts or its range, e.g.
 * {@code layer index in [0, n_layers)}
 */
public record ParamSpec(String name, String type, @Nullable String defaultValue, String unit) {

	/** The parameter types a client must understand. */
	public static final Set<String> TYPES = Set.of("int", "int[]", "long", "double", "boolean", "string", "tokens",
			"tokens[]", "head[]", "metric", "direction", "surgery_plan", "intervention[]");

	public ParamSpec {
		if (!TYPES.contains(type)) {
			throw new IllegalArgumentException("parameter %s has type %s; known types: %s".formatted(name, type,
					TYPES.stream().sorted().toList()));
		}
	}

	public static ParamSpec required(String name, String type, String unit) {
		return new ParamSpec(name, type, null, unit);
	}

	public static ParamSpec optional(String name, String type, String defaultValue, String unit) {
		return new ParamSpec(name, type, defaultValue, unit);
	}

}
