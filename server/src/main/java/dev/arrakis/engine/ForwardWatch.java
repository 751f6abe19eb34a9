package dev.arrakis.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Watches the forward passes a piece of work makes on the current thread: counts them (a
 * measure of progress for long tool calls such as patching sweeps) and stops the work
 * between two passes once cancelled, by throwing {@link WorkCancelledException} from the
 * next pass. The model is never left half-changed: a pass either runs whole or not at
 * all. Work that sweeps may also report its partial result ({@link #reportPartial}).
 */
public final class ForwardWatch {

	private static final ThreadLocal<ForwardWatch> CURRENT = new ThreadLocal<>();

	private final AtomicLong passes = new AtomicLong();

	private volatile boolean cancelled;

	private volatile @Nullable Object partial;

	private final Consumer<Object> onReport;

	/** A watch that keeps only the latest partial result. */
	public ForwardWatch() {
		this((partial) -> {
		});
	}

	/**
	 * A watch that also hands every partial result to {@code onReport} as it is reported,
	 * on the watched thread (to check or forward each one, not only the latest).
	 */
	public ForwardWatch(Consumer<Object> onReport) {
		this.onReport = onReport;
	}

	/** Runs {@code work} on this thread under this watch. */
	public <T> T watch(Supplier<T> work) {
		ForwardWatch outer = CURRENT.get();
		CURRENT.set(this);
		try {
			return work.get();
		}
		finally {
			if (outer == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(outer);
			}
		}
	}

	/** Stops the watched work at its next forward pass. */
	public void cancel() {
		this.cancelled = true;
	}

	public boolean cancelled() {
		return this.cancelled;
	}

	/** How many forward passes the watched work has started. */
	public long passes() {
		return this.passes.get();
	}

	/**
	 * What the watched work has completed so far, as it last reported it with
	 * {@link #reportPartial}; null until then.
	 */
	public @Nullable Object partial() {
		return this.partial;
	}

	/**
	 * Reports, from watched work, the part of its result it has completed so far, e.g.
	 * the finished rows of a sweep in the form of its result; the latest report replaces
	 * the earlier ones. Outside a watch it does nothing, so tools may always report. The
	 * value must not change after it is reported (readers see it from other threads).
	 */
	public static void reportPartial(Object partial) {
		ForwardWatch watch = CURRENT.get();
		if (watch != null) {
			watch.partial = partial;
			watch.onReport.accept(partial);
		}
	}

	/** Called by the engine before every forward pass. */
	static void beforePass() {
		ForwardWatch watch = CURRENT.get();
		if (watch != null) {
			if (watch.cancelled) {
				throw new WorkCancelledException(watch.passes());
			}
			watch.passes.incrementAndGet();
		}
	}

}
