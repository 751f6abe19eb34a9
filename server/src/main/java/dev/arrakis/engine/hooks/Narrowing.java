package dev.arrakis.engine.hooks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which part of a cached activation to copy to the host: chosen positions (the
 * {@code pos} or {@code query_pos} axis) and chosen heads (the head axis), each null for
 * all. Narrowing happens on the device, so only what was asked for crosses to the host.
 *
 * @param positions positions to keep, in this order; null keeps all
 * @param heads heads to keep, in this order; null keeps all (ignored for activations
 * without a head axis)
 */
public record Narrowing(@Nullable List<Integer> positions, @Nullable List<Integer> heads) {

	public static final Narrowing ALL = new Narrowing(null, null);

	public Narrowing {
		positions = positions == null ? null : List.copyOf(positions);
		heads = heads == null ? null : List.copyOf(heads);
	}

	public static Narrowing positions(Integer... positions) {
		return new Narrowing(List.of(positions), null);
	}

	public static Narrowing heads(Integer... heads) {
		return new Narrowing(null, List.of(heads));
	}

}
