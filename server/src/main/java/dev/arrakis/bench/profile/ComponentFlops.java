package dev.arrakis.bench.profile;

/**
 * The matrix-multiply FLOPs of one component (2 per multiply-add).
 *
 * @param name the component, as {@link Granularity#componentOf} names it
 * @param linearFlops products with a weight matrix (projections, MLP, unembedding):
 * proportional to the number of positions
 * @param quadraticFlops q.k scores and pattern-weighted values: proportional to the
 * square of the number of positions
 * @param flops their sum
 */
public record ComponentFlops(String name, long linearFlops, long quadraticFlops, long flops) {
}
