package dev.arrakis.app.run;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One returned tensor: flat row-major {@code data} with its {@code shape} (so
 * {@code numpy.array(data, dtype=float32).reshape(shape)} rebuilds it).
 *
 * @param name the hook name, e.g. {@code blocks.0.attn.hook_pattern}, or {@code logits}
 * @param shape the dimensions after narrowing, e.g. [batch, heads, positions, key
 * positions]
 * @param dtype {@code float32}, or {@code float16} when the request asked for it (the
 * values are then rounded to half precision)
 * @param data the values in row-major order
 */
public record ActivationTensor(String name, long[] shape, @Schema(allowableValues = {
		"float32", "float16" }) String dtype, float[] data){
}
