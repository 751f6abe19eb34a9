package dev.arrakis.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Watches the forward passes a piece of work makes on the current thread: counts them (a
 * measure of progress for long tool calls such as patching sweeps) and stops the work
 * between two passes once cancelled, by throwing {@link WorkCancelledException} from the
 * next pass. The model is never left half-changed: a pass either runs whole or not at
 * all.
 */
public final class ForwardWatch {

	private static final ThreadLocal<ForwardWatch> CURRENT = new ThreadLocal<>();

	private final AtomicLong passes = new AtomicLong();

	private volatile boolean cancelled;

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
