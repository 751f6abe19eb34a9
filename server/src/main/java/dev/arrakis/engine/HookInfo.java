package dev.arrakis.engine;

/**
 * One entry of a loaded model's hook catalogue.
 *
 * @param name the TransformerLens name, e.g. {@code blocks.0.attn.hook_pattern}
 * @param shape the shape with sizes resolved where the model fixes them, e.g.
 * {@code [batch, 4, pos, pos]}
 * @param meaning what the tensor is
 */
public record HookInfo(String name, String shape, String meaning) {
}
