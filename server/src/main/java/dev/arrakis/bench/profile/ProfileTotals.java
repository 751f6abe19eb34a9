package dev.arrakis.bench.profile;

/**
 * Totals of a profiled forward.
 *
 * @param forwardWallNanos the whole forward, from the call to its return
 * @param attributedWallNanos the sum of the components' wall times: the forward up to its
 * last hook (the logits), so at most {@code forwardWallNanos}
 * @param activationBytes the sum of the components' activation bytes
 * @param flops the sum of the components' FLOPs
 */
public record ProfileTotals(long forwardWallNanos, long attributedWallNanos, long activationBytes, long flops) {
}
