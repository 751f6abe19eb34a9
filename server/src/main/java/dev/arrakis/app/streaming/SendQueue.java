package dev.arrakis.app.streaming;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The bounded queue between a session's producers (the model thread, the handler) and its
 * socket; the only path by which a session's messages are sent, so sends never overlap.
 *
 * <p>
 * Policy: at most {@code maxBytes} of message payload wait in the queue (a single message
 * larger than that is admitted when the queue is empty). {@link #put} blocks while the
 * message does not fit: the model thread waits, which is the backpressure. If it still
 * does not fit after {@code timeout} (the client has not taken enough frames for that
 * long) {@code put} throws {@link StreamStalledException}. One task of the executor sends
 * the queued messages, in order, while there are any; a send that fails (the socket
 * closed, or the container's own send timeout, set to the same {@code timeout}, ran out)
 * fails the queue: everything queued is dropped and later puts throw
 * {@link SocketGoneException}. Nothing is ever buffered beyond {@code maxBytes} plus one
 * closing message.
 */
final class SendQueue {

	private static final Logger logger = LoggerFactory.getLogger(SendQueue.class);

	/** Where the messages go: the WebSocket session. */
	interface Transport {

		void send(WebSocketMessage<?> message) throws IOException;

		void close(CloseStatus status) throws IOException;

	}

	private final Transport transport;

	private final Executor executor;

	private final long maxBytes;

	private final Duration timeout;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Deque<WebSocketMessage<?>> queue = new ArrayDeque<>();

	/** Payload bytes queued or being sent. */
	private long queuedBytes;

	private boolean sending;

	/** Set once the socket failed or the queue was finished: no more puts. */
	private boolean closed;

	/** Sent once the queue drains after {@link #finish}; then the socket closes. */
	private @Nullable CloseStatus closeWhenDrained;

	SendQueue(Transport transport, Executor executor, long maxBytes, Duration timeout) {
		this.transport = transport;
		this.executor = executor;
		this.maxBytes = maxBytes;
		this.timeout = timeout;
	}

	/**
	 * Queues {@code message}, waiting while the queue is full.
	 * @param stillWanted checked under the queue's lock before the message is queued and
	 * after every wait: once false the message is dropped and
	 * {@link StreamCancelledException} thrown, so nothing is queued after a cancel
	 * @throws StreamStalledException if it did not fit within the timeout
	 * @throws SocketGoneException if the socket failed or the queue was finished
	 */
	void put(WebSocketMessage<?> message, BooleanSupplier stillWanted) {
		long size = message.getPayloadLength();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				if (this.closed) {
					throw new SocketGoneException();
				}
				if (!stillWanted.getAsBoolean()) {
					throw new StreamCancelledException();
				}
				if (this.queuedBytes == 0 || this.queuedBytes + size <= this.maxBytes) {
					break;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new StreamStalledException(this.timeout, this.queuedBytes);
				}
				this.changed.awaitNanos(left);
			}
			enqueue(message, size);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SocketGoneException();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** {@link #put} of a message that is always wanted. */
	void put(WebSocketMessage<?> message) {
		put(message, () -> true);
	}

	/**
	 * Drops every queued message not yet handed to the socket (the one being sent, if
	 * any, still goes out) and wakes a waiting producer.
	 */
	void discard() {
		this.lock.lock();
		try {
			for (WebSocketMessage<?> dropped : this.queue) {
				this.queuedBytes -= dropped.getPayloadLength();
			}
			this.queue.clear();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Ends the session: drops what is queued, queues {@code last} (whatever the limit),
	 * and closes the socket with {@code status} once it is sent. Later puts throw
	 * {@link SocketGoneException}.
	 */
	void finish(WebSocketMessage<?> last, CloseStatus status) {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			discard();
			this.closed = true;
			this.closeWhenDrained = status;
			enqueue(last, last.getPayloadLength());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Drops everything and refuses further puts: the socket is gone. */
	void close() {
		this.lock.lock();
		try {
			discard();
			this.closed = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Payload bytes queued or being sent. */
	long queuedBytes() {
		this.lock.lock();
		try {
			return this.queuedBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits up to {@code wait} until nothing is queued or being sent.
	 * @return whether the queue drained
	 */
	boolean awaitDrained(Duration wait) throws InterruptedException {
		long left = wait.toNanos();
		this.lock.lock();
		try {
			while (this.queuedBytes > 0 || this.sending) {
				if (left <= 0) {
					return false;
				}
				left = this.changed.awaitNanos(left);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Under the lock. */
	private void enqueue(WebSocketMessage<?> message, long size) {
		this.queue.addLast(message);
		this.queuedBytes += size;
		if (!this.sending) {
			this.sending = true;
			this.executor.execute(this::drain);
		}
	}

	/** The sending task: sends until the queue is empty. */
	private void drain() {
		while (true) {
			WebSocketMessage<?> next;
			CloseStatus closing;
			this.lock.lock();
			try {
				next = this.queue.pollFirst();
				closing = this.closeWhenDrained;
				if (next == null) {
					this.sending = false;
					this.changed.signalAll();
					if (closing == null) {
						return;
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			if (next == null) {
				closeQuietly(closing);
				return;
			}
			try {
				this.transport.send(next);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Sending a stream message failed; the stream stops: {}", ex.toString());
				fail();
				return;
			}
			finally {
				this.lock.lock();
				try {
					this.queuedBytes -= next.getPayloadLength();
					this.changed.signalAll();
				}
				finally {
					this.lock.unlock();
				}
			}
		}
	}

	private void fail() {
		this.lock.lock();
		try {
			discard();
			this.closed = true;
			this.sending = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		closeQuietly(CloseStatus.POLICY_VIOLATION);
	}

	private void closeQuietly(@Nullable CloseStatus status) {
		if (status == null) {
			return;
		}
		try {
			this.transport.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing the stream's socket failed: {}", ex.toString());
		}
	}

	/** The socket is closed or failed: the run stops quietly, there is nobody to tell. */
	static final class SocketGoneException extends RuntimeException {

		SocketGoneException() {
			super("the stream's socket is closed", null, false, false);
		}

	}

}
