package dev.arrakis.app.run;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a run may start and how long its caller waits: refuses a run whose
 * result would exceed {@code arrakis.run.max-activation-bytes}, allows each user
 * {@code arrakis.run.max-concurrent-per-user} runs at once, and gives up waiting after
 * {@code arrakis.run.timeout}. A run that times out cannot be interrupted inside the
 * native forward pass: it finishes in the background, its result is dropped, and it holds
 * its user's slot (and its model lease) until then, so timeouts cannot pile up work.
 */
@Component
public class AdmissionControl implements DisposableBean {

	private final long maxActivationBytes;

	private final int maxConcurrentPerUser;

	private final Duration timeout;

	private final ConcurrentMap<String, Semaphore> slots = new ConcurrentHashMap<>();

	private final ExecutorService runs;

	@Autowired
	AdmissionControl(RunProperties properties) {
		this(properties.maxActivationBytes().toBytes(), properties.maxConcurrentPerUser(), properties.timeout());
	}

	AdmissionControl(long maxActivationBytes, int maxConcurrentPerUser, Duration timeout) {
		this.maxActivationBytes = maxActivationBytes;
		this.maxConcurrentPerUser = maxConcurrentPerUser;
		this.timeout = timeout;
		AtomicInteger count = new AtomicInteger();
		this.runs = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "arrakis-run-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * @throws ActivationsTooLargeException if the estimate exceeds the limit
	 */
	public void checkMemory(MemoryEstimate estimate) {
		if (estimate.totalBytes() > this.maxActivationBytes) {
			throw new ActivationsTooLargeException(estimate, this.maxActivationBytes);
		}
	}

	/**
	 * Runs {@code work} in one of {@code user}'s slots and waits for it up to the
	 * timeout. Problems {@code work} throws reach the caller unchanged.
	 * @throws TooManyRunsException if the user has no free slot
	 * @throws RunTimedOutException if the work outlasts the timeout
	 */
	public <T> T run(String user, Supplier<T> work) {
		Semaphore slot = this.slots.computeIfAbsent(user, (name) -> new Semaphore(this.maxConcurrentPerUser));
		if (!slot.tryAcquire()) {
			throw new TooManyRunsException(user, this.maxConcurrentPerUser);
		}
		Future<T> future;
		try {
			future = this.runs.submit(() -> {
				try {
					return work.get();
				}
				finally {
					slot.release();
				}
			});
		}
		catch (RuntimeException ex) {
			slot.release();
			throw ex;
		}
		try {
			return future.get(this.timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new RunTimedOutException(this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new RunTimedOutException(this.timeout);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public void destroy() {
		this.runs.shutdownNow();
	}

}
