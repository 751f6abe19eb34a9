package dev.arrakis.bench.profile;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;

/**
 * The hook firings of one forward, in order: when each fired and how many bytes its
 * activation holds. Its hooks return every activation unchanged.
 */
final class HookTimeline {

	private final LongSupplier clock;

	private HookName[] names;

	private long[] firedAt;

	private long[] bytes;

	private int count;

	private long startedAt;

	/**
	 * @param clock nanoseconds ({@code System::nanoTime} outside tests)
	 */
	HookTimeline(int expectedFirings, LongSupplier clock) {
		this.clock = clock;
		this.names = new HookName[expectedFirings];
		this.firedAt = new long[expectedFirings];
		this.bytes = new long[expectedFirings];
	}

	/** Identity hooks at {@code observed} that record into this timeline. */
	Hooks hooks(List<HookName> observed) {
		Hooks hooks = Hooks.none();
		for (HookName name : observed) {
			hooks = hooks.with(name, this::record);
		}
		return hooks;
	}

	/** Forgets earlier firings and marks the forward's start. */
	void start() {
		this.count = 0;
		this.startedAt = this.clock.getAsLong();
	}

	/** The time since the start. */
	long elapsed() {
		return this.clock.getAsLong() - this.startedAt;
	}

	private NDArray record(NDArray activation, HookName name) {
		long now = this.clock.getAsLong();
		if (this.count == this.names.length) {
			int grown = Math.max(16, 2 * this.count);
			this.names = Arrays.copyOf(this.names, grown);
			this.firedAt = Arrays.copyOf(this.firedAt, grown);
			this.bytes = Arrays.copyOf(this.bytes, grown);
		}
		this.names[this.count] = name;
		this.firedAt[this.count] = now;
		this.bytes[this.count] = activation.getShape().size() * activation.getDataType().getNumOfBytes();
		this.count++;
		return activation;
	}

	int count() {
		return this.count;
	}

	HookName name(int firing) {
		return this.names[firing];
	}

	/** The time since the previous firing, or since the start for the first. */
	long interval(int firing) {
		return this.firedAt[firing] - (firing == 0 ? this.startedAt : this.firedAt[firing - 1]);
	}

	long bytes(int firing) {
		return this.bytes[firing];
	}

}
