package dev.arrakis.app.run;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One change to an activation during a run, applied through an engine hook at
 * {@code hook} (an exact hook name). Kinds:
 * <ul>
 * <li>{@code zero}: the activation becomes 0;</li>
 * <li>{@code scale}: multiplied by {@code factor};</li>
 * <li>{@code add}: {@code value} is added;</li>
 * <li>{@code replace}: the activation becomes {@code value};</li>
 * <li>{@code mean_ablate}: each row's activation becomes its mean over the positions of
 * this input (the query positions for attention patterns and scores), the same vector at
 * every position.</li>
 * </ul>
 * {@code value} is a number or a nested array whose shape is a trailing part of the
 * activation's shape without the batch axis (e.g. {@code [d_model]} or
 * {@code [pos, d_model]} for a residual stream hook); it broadcasts over the rest.
 * {@code positions} and {@code heads} limit the change to those positions (the
 * {@code pos} or {@code query_pos} axis) and heads (per-head hooks only); absent: all.
 *
 * @param hook e.g. {@code blocks.0.hook_resid_post}
 * @param kind {@code replace}, {@code add}, {@code scale}, {@code zero} or
 * {@code mean_ablate}
 * @param value for {@code replace} and {@code add}
 * @param factor for {@code scale}
 * @param positions positions to change, as the run's {@code positions} selector
 * @param heads heads to change
 */
public record InterventionSpec(String hook, @Schema(allowableValues = {
		"replace", "add", "scale", "zero", "mean_ablate" }) String kind,
		@Schema(description = "a number or a nested array of numbers",
				implementation = Object.class) @Nullable Object value,
		@Nullable Double factor, @Schema(description = "a list of positions or {\"from\": a, \"to\": b}",
				implementation = Object.class) @Nullable PositionSelector positions,
		@Nullable List<Integer> heads){

	public static InterventionSpec zero(String hook) {
		return new InterventionSpec(hook, "zero", null, null, null, null);
	}

	public static InterventionSpec scale(String hook, double factor) {
		return new InterventionSpec(hook, "scale", null, factor, null, null);
	}

}
