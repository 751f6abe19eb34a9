package dev.arrakis.app.models;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model in the registry's catalogue with its open leases counted, so that its
 * native weights are freed exactly once and never while a request uses them.
 *
 * <p>
 * One atomic integer holds the whole state: twice the number of open leases, plus 1 once
 * the model is retired (unloaded). A lease is granted only while the model is not
 * retired; whoever brings the state to "retired, no leases" (the unloader when nothing is
 * leased, otherwise the last lease to close) closes the model, and {@link #closed()}
 * completes. Lock-free: acquiring and releasing a lease are one compare-and-set each.
 */
final class ResidentModel {

	private static final Logger logger = LoggerFactory.getLogger(ResidentModel.class);

	private static final int RETIRED = 1;

	private static final int LEASE = 2;

	private final LoadedModel loaded;

	private final AtomicInteger state = new AtomicInteger();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private final ModelGate gate;

	ResidentModel(LoadedModel loaded, int concurrentRequests) {
		this.loaded = loaded;
		this.gate = new ModelGate(concurrentRequests);
	}

	/** The queue of requests computing on this model. */
	ModelGate gate() {
		return this.gate;
	}

	LoadedModel loaded() {
		return this.loaded;
	}

	/** A new lease, or {@code null} once the model is retired. */
	@Nullable ModelLease tryAcquire() {
		int current;
		do {
			current = this.state.get();
			if ((current & RETIRED) != 0) {
				return null;
			}
		}
		while (!this.state.compareAndSet(current, current + LEASE));
		return new ModelLease(this);
	}

	/** Called once per lease, by {@link ModelLease#close()}. */
	void release() {
		if (this.state.addAndGet(-LEASE) == RETIRED) {
			closeModel();
		}
	}

	/**
	 * Grants no more leases and closes the model as soon as no lease is open: now, if
	 * none is. Retiring twice is harmless.
	 * @return completes once the model is closed
	 */
	CompletableFuture<Void> retire() {
		int before = this.state.getAndUpdate((current) -> current | RETIRED);
		if (before == 0) {
			closeModel();
		}
		return this.closed;
	}

	/** Completes once the model's weights are freed. */
	CompletableFuture<Void> closed() {
		return this.closed;
	}

	/** The leases open now. */
	int leases() {
		return this.state.get() / LEASE;
	}

	private void closeModel() {
		try {
			this.loaded.model().close();
			logger.info("Closed model {}: {} bytes of weights freed on {}", this.loaded.name(),
					this.loaded.model().weightBytes(), this.loaded.model().device());
		}
		catch (RuntimeException ex) {
			logger.warn("Closing model {} failed", this.loaded.name(), ex);
		}
		finally {
			this.closed.complete(null);
		}
	}

}
