package dev.arrakis.app.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.arrakis.app.web.InvalidFieldProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admission control's three refusals and that slots come back. */
class AdmissionControlTest {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
	}

	@Test
	void refusesAnEstimateOverTheLimitAndAcceptsOneAtIt() {
		AdmissionControl admission = new AdmissionControl(1000, 4, Duration.ofSeconds(5));

		admission.checkMemory(new MemoryEstimate(600, 400));
		assertThatThrownBy(() -> admission.checkMemory(new MemoryEstimate(600, 401)))
			.isInstanceOf(ActivationsTooLargeException.class)
			.satisfies((ex) -> assertThat(((ActivationsTooLargeException) ex).toProblemDetail().getProperties())
				.containsEntry("estimatedBytes", 1001L)
				.containsEntry("limitBytes", 1000L));
		admission.destroy();
	}

	@Test
	void aUserBeyondTheConcurrencyLimitIsRefusedWhileOthersAreNot() throws Exception {
		AdmissionControl admission = new AdmissionControl(1000, 2, Duration.ofSeconds(30));
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> first = this.callers.submit(() -> admission.run("ada", () -> block(started, release)));
		Future<?> second = this.callers.submit(() -> admission.run("ada", () -> block(started, release)));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		assertThatThrownBy(() -> admission.run("ada", () -> "third")).isInstanceOf(TooManyRunsException.class)
			.satisfies((ex) -> assertThat(((TooManyRunsException) ex).toProblemDetail().getStatus()).isEqualTo(429));
		assertThat(admission.run("bob", () -> "other user")).isEqualTo("other user");

		release.countDown();
		first.get(10, TimeUnit.SECONDS);
		second.get(10, TimeUnit.SECONDS);
		assertThat(admission.run("ada", () -> "slot is back")).isEqualTo("slot is back");
		admission.destroy();
	}

	@Test
	void aRunOverTheTimeoutIsA503AndKeepsItsSlotUntilItEnds() throws Exception {
		AdmissionControl admission = new AdmissionControl(1000, 1, Duration.ofMillis(100));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);

		assertThatThrownBy(() -> admission.run("ada", () -> block(started, release)))
			.isInstanceOf(RunTimedOutException.class)
			.satisfies((ex) -> assertThat(((RunTimedOutException) ex).toProblemDetail().getStatus()).isEqualTo(503));
		assertThatThrownBy(() -> admission.run("ada", () -> "too soon")).isInstanceOf(TooManyRunsException.class);
		release.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		String result = null;
		while (result == null && System.nanoTime() < deadline) {
			try {
				result = admission.run("ada", () -> "after");
			}
			catch (TooManyRunsException | RunTimedOutException ex) {
				// Still held by the first run, or a busy machine: try again.
				Thread.sleep(10);
			}
		}
		assertThat(result).isEqualTo("after");
		admission.destroy();
	}

	@Test
	void problemsFromTheWorkReachTheCallerUnchanged() {
		AdmissionControl admission = new AdmissionControl(1000, 1, Duration.ofSeconds(5));
		InvalidFieldProblem problem = new InvalidFieldProblem("tokens", "bad");

		assertThatThrownBy(() -> admission.run("ada", () -> {
			throw problem;
		})).isSameAs(problem);
		assertThat(admission.run("ada", () -> "slot released")).isEqualTo("slot released");
		admission.destroy();
	}

	private static String block(CountDownLatch started, CountDownLatch release) {
		started.countDown();
		try {
			// Not interruptible, like a native forward pass.
			while (!release.await(10, TimeUnit.MILLISECONDS)) {
				Thread.onSpinWait();
			}
		}
		catch (InterruptedException ex) {
			// Keep going until released, as the engine would.
			while (release.getCount() > 0) {
				Thread.onSpinWait();
			}
		}
		return "done";
	}

}
