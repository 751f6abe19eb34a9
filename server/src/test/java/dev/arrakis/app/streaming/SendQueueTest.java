package dev.arrakis.app.streaming;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The send queue's bound, backpressure, timeout, cancel and close. */
class SendQueueTest {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();

	private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

	/** Counted down when the transport starts its first send. */
	private final CountDownLatch sending = new CountDownLatch(1);

	/** Released to let the transport's sends through. */
	private final CountDownLatch reading = new CountDownLatch(1);

	private final SendQueue.Transport transport = new SendQueue.Transport() {

		@Override
		public void send(WebSocketMessage<?> message) throws IOException {
			SendQueueTest.this.sending.countDown();
			try {
				if (!SendQueueTest.this.reading.await(10, TimeUnit.SECONDS)) {
					throw new IOException("send timed out");
				}
			}
			catch (InterruptedException ex) {
				throw new IOException(ex);
			}
			SendQueueTest.this.sent.add(message);
		}

		@Override
		public void close(CloseStatus status) {
			SendQueueTest.this.closes.add(status);
		}

	};

	@AfterEach
	void stop() {
		this.reading.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void aProducerWaitsWhileTheQueueIsFullAndFailsAfterTheTimeout() {
		SendQueue queue = new SendQueue(this.transport, this.executor, 100, Duration.ofMillis(300));
		queue.put(binary(60));
		queue.put(binary(40));
		assertThat(queue.queuedBytes()).isEqualTo(100);

		long start = System.nanoTime();
		assertThatExceptionOfType(StreamStalledException.class).isThrownBy(() -> queue.put(binary(1)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(queue.queuedBytes()).as("never more than the bound").isEqualTo(100);
	}

	@Test
	void aWaitingProducerContinuesOnceTheClientReads() throws Exception {
		SendQueue queue = new SendQueue(this.transport, this.executor, 100, Duration.ofSeconds(5));
		queue.put(binary(100));
		this.executor.execute(() -> sleepThen(200, this.reading::countDown));

		queue.put(binary(50));
		assertThat(queue.awaitDrained(Duration.ofSeconds(5))).isTrue();
		assertThat(this.sent).extracting(WebSocketMessage::getPayloadLength).containsExactly(100, 50);
	}

	@Test
	void aMessageLargerThanTheBoundIsSentAlone() throws Exception {
		SendQueue queue = new SendQueue(this.transport, this.executor, 10, Duration.ofMillis(200));
		queue.put(binary(1000));
		assertThatExceptionOfType(StreamStalledException.class).isThrownBy(() -> queue.put(binary(1)));
		this.reading.countDown();
		assertThat(queue.awaitDrained(Duration.ofSeconds(5))).isTrue();
		queue.put(binary(1));
		assertThat(queue.awaitDrained(Duration.ofSeconds(5))).isTrue();
		assertThat(this.sent).extracting(WebSocketMessage::getPayloadLength).containsExactly(1000, 1);
	}

	@Test
	void aCancelledProducerIsWokenAndNothingIsQueuedAfterTheCancel() throws Exception {
		SendQueue queue = new SendQueue(this.transport, this.executor, 100, Duration.ofSeconds(10));
		queue.put(binary(60));
		queue.put(binary(40));
		assertThat(this.sending.await(5, TimeUnit.SECONDS)).isTrue();
		boolean[] wanted = { true };
		this.executor.execute(() -> sleepThen(200, () -> {
			wanted[0] = false;
			queue.discard();
		}));

		assertThatExceptionOfType(StreamCancelledException.class)
			.isThrownBy(() -> queue.put(binary(10), () -> wanted[0]));
		assertThat(queue.queuedBytes()).as("only the message being sent is left").isEqualTo(60);
	}

	@Test
	void finishSendsTheLastMessageThenClosesAndRefusesMore() throws Exception {
		SendQueue queue = new SendQueue(this.transport, this.executor, 100, Duration.ofSeconds(5));
		queue.put(binary(60));
		queue.put(binary(40));
		assertThat(this.sending.await(5, TimeUnit.SECONDS)).isTrue();
		queue.finish(new TextMessage("bye"), CloseStatus.POLICY_VIOLATION);
		this.reading.countDown();

		assertThat(queue.awaitDrained(Duration.ofSeconds(5))).isTrue();
		await(() -> !this.closes.isEmpty());
		assertThat(this.sent).extracting(WebSocketMessage::getPayloadLength).containsExactly(60, 3);
		assertThat(this.closes).containsExactly(CloseStatus.POLICY_VIOLATION);
		assertThatExceptionOfType(SendQueue.SocketGoneException.class).isThrownBy(() -> queue.put(binary(1)));
	}

	@Test
	void aFailedSendDropsTheQueueAndRefusesMore() throws Exception {
		SendQueue queue = new SendQueue(new SendQueue.Transport() {

			@Override
			public void send(WebSocketMessage<?> message) throws IOException {
				throw new IOException("broken pipe");
			}

			@Override
			public void close(CloseStatus status) {
				SendQueueTest.this.closes.add(status);
			}

		}, this.executor, 100, Duration.ofSeconds(5));
		queue.put(binary(10));
		await(() -> !this.closes.isEmpty());
		assertThat(queue.queuedBytes()).isZero();
		assertThatExceptionOfType(SendQueue.SocketGoneException.class).isThrownBy(() -> queue.put(binary(1)));
	}

	private static BinaryMessage binary(int size) {
		return new BinaryMessage(new byte[size]);
	}

	private static void sleepThen(long millis, Runnable then) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		then.run();
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
