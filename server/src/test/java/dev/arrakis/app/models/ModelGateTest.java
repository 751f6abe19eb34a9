package dev.arrakis.app.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Requests on one model: at most N compute at once, the rest in arrival order. */
class ModelGateTest {

	@Test
	void waitingCallersGetTheirTurnInArrivalOrder() throws Exception {
		ModelGate gate = new ModelGate(1);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		Thread holder = new Thread(() -> gate.pass(() -> {
			held.countDown();
			awaitQuietly(release);
			return null;
		}));
		holder.start();
		held.await();
		List<Thread> waiting = new ArrayList<>();
		for (String name : List.of("b", "c", "d", "e")) {
			Thread caller = new Thread(() -> gate.pass(() -> order.add(name)));
			caller.start();
			int queued = waiting.size() + 1;
			await().until(() -> gate.waiting() == queued);
			waiting.add(caller);
		}

		release.countDown();
		holder.join();
		for (Thread caller : waiting) {
			caller.join();
		}

		assertThat(order).containsExactly("b", "c", "d", "e");
	}

	@Test
	void neverMoreThanThePermittedNumberComputeAtOnce() throws Exception {
		ModelGate gate = new ModelGate(3);
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Thread caller = new Thread(() -> gate.pass(() -> {
				most.accumulateAndGet(inside.incrementAndGet(), Math::max);
				sleep(20);
				return inside.decrementAndGet();
			}));
			caller.start();
			callers.add(caller);
		}
		for (Thread caller : callers) {
			caller.join();
		}

		assertThat(most.get()).isBetween(1, 3);
		assertThat(gate.waiting()).isZero();
	}

	@Test
	void atLeastOneRequestMustRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelGate(0)).withMessageContaining("at least 1");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
