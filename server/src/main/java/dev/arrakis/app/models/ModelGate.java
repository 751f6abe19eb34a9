package dev.arrakis.app.models;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many requests compute on one model at once, and in what order the others get their
 * turn: first come, first served (a fair semaphore), so a stream of short requests never
 * starves a long one, and one user's burst waits behind earlier callers.
 */
final class ModelGate {

	private final Semaphore permits;

	ModelGate(int concurrent) {
		if (concurrent < 1) {
			throw new IllegalArgumentException("concurrent = " + concurrent + ": at least 1 request must run");
		}
		this.permits = new Semaphore(concurrent, true);
	}

	/**
	 * Runs {@code work} once it is this caller's turn.
	 * @throws ModelQueueInterruptedException if the thread is interrupted while waiting
	 */
	<T> T pass(Supplier<T> work) {
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ModelQueueInterruptedException();
		}
		try {
			return work.get();
		}
		finally {
			this.permits.release();
		}
	}

	/** How many callers are waiting for their turn. */
	int waiting() {
		return this.permits.getQueueLength();
	}

	/**
	 * Thrown when a caller is interrupted (e.g. at shutdown) while waiting for its turn.
	 */
	static final class ModelQueueInterruptedException extends IllegalStateException {

		ModelQueueInterruptedException() {
			super("interrupted while waiting for the model");
		}

	}

}
