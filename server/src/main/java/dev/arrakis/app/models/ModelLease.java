package dev.arrakis.app.models;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.arrakis.engine.HookedAutoModel;

/**
 * The right to use a resident model until {@link #close()}: while any lease on a model is
 * open, its weights are not freed, even if the model is unloaded meanwhile (it then stops
 * being listed at once and is closed when the last lease closes). Get one from
 * {@link ModelRegistry#acquire} and close it in the same request, with
 * try-with-resources. A lease may be closed from any thread, and closing it twice is
 * harmless.
 */
final class ModelLease implements AutoCloseable {

	private final ResidentModel resident;

	private final AtomicBoolean closed = new AtomicBoolean();

	ModelLease(ResidentModel resident) {
		this.resident = resident;
	}

	LoadedModel loaded() {
		requireOpen();
		return this.resident.loaded();
	}

	/**
	 * Runs {@code work} on the model once it is this caller's turn in the model's queue.
	 */
	<T> T compute(Function<HookedAutoModel, T> work) {
		requireOpen();
		return this.resident.gate().pass(() -> work.apply(this.resident.loaded().model()));
	}

	/** The engine's model, usable until this lease is closed. */
	HookedAutoModel model() {
		return loaded().model();
	}

	/**
	 * Completes once the model's weights are freed: after it is unloaded and every lease
	 * on it, this one included, is closed.
	 */
	CompletableFuture<Void> modelClosed() {
		return this.resident.closed();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.resident.release();
		}
	}

	private void requireOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("The lease on model " + this.resident.loaded().name() + " is closed");
		}
	}

}
