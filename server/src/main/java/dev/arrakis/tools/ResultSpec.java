package dev.arrakis.tools;

/**
 * What a tool method returns.
 *
 * @param type the result record's name
 * @param shape the shape of its main array, in TransformerLens dimension names, e.g.
 * {@code [n_layers, n_heads]}
 * @param unit what the numbers mean, e.g. {@code fraction of attention in [0, 1]}
 */
public record ResultSpec(String type, String shape, String unit) {
}
