package dev.arrakis.app.streaming;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.arrakis.app.accounts.AuditTrail;
import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.app.streaming.ClientMessageReader.Cancel;
import dev.arrakis.app.streaming.ClientMessageReader.ClientMessage;
import dev.arrakis.app.streaming.ClientMessageReader.Run;
import dev.arrakis.app.streaming.SendQueue.SocketGoneException;
import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.app.web.ProblemType;

import org.springframework.web.socket.CloseStatus;

/**
 * One client connection: at most one run at a time, on the stream executor, holding a
 * lease on its model for exactly as long as it runs. Errors are error frames; the socket
 * stays open after a refused request or a failed run, and closes only when the stream
 * stalled ({@code 1008}, policy violation) or the server failed unexpectedly
 * ({@code 1011}).
 */
final class StreamSession {

	private static final Logger logger = LoggerFactory.getLogger(StreamSession.class);

	/**
	 * How stream runs appear in the audit log: a verb and the path, as HTTP requests do.
	 */
	static final String AUDIT_ACTION = "STREAM " + StreamingConfiguration.PATH;

	/**
	 * The audit status of a run the client cancelled or walked away from (nginx's "client
	 * closed request").
	 */
	private static final int CLIENT_CLOSED_REQUEST = 499;

	private final ModelRegistry models;

	private final ClientMessageReader reader;

	private final StreamMessages messages;

	private final SendQueue queue;

	private final ExecutorService executor;

	private final AuditTrail audit;

	/** The authenticated caller, named in the audit log. */
	private final String username;

	/** The cancel flag of the running run; null when idle. */
	private final AtomicReference<@Nullable AtomicBoolean> running = new AtomicReference<>();

	StreamSession(ModelRegistry models, ClientMessageReader reader, StreamMessages messages, SendQueue queue,
			ExecutorService executor, AuditTrail audit, String username) {
		this.models = models;
		this.reader = reader;
		this.messages = messages;
		this.queue = queue;
		this.executor = executor;
		this.audit = audit;
		this.username = username;
	}

	/** A text message from the client. */
	void onMessage(String text) {
		ClientMessage message;
		try {
			message = this.reader.read(text);
		}
		catch (ApiProblemException ex) {
			reply(ex);
			return;
		}
		if (message instanceof Cancel) {
			cancel();
		}
		else if (message instanceof Run run) {
			start(run);
		}
	}

	/** A binary message from the client: not part of the protocol. */
	void onBinaryMessage() {
		reply(new InvalidFieldProblem("message",
				"Send run requests and cancels as JSON text messages, not binary ones"));
	}

	/** Stops the running run (if any) at its next hook and drops its queued frames. */
	void cancel() {
		AtomicBoolean cancelled = this.running.get();
		if (cancelled != null) {
			cancelled.set(true);
			this.queue.discard();
		}
	}

	/** The socket closed: stop the run, send nothing more. */
	void closed() {
		cancel();
		this.queue.close();
	}

	boolean isRunning() {
		return this.running.get() != null;
	}

	private void start(Run run) {
		AtomicBoolean cancelled = new AtomicBoolean();
		if (!this.running.compareAndSet(null, cancelled)) {
			reply(new InvalidFieldProblem("type",
					"A stream is already running on this socket; wait for its summary or send {\"type\": \"cancel\"}"));
			return;
		}
		this.executor.execute(() -> {
			try {
				execute(run, cancelled);
			}
			finally {
				this.running.set(null);
			}
		});
	}

	/** Runs one request and records it in the audit log, however it ended. */
	private void execute(Run run, AtomicBoolean cancelled) {
		long start = System.nanoTime();
		int status = 500;
		String detail = "failed";
		try {
			ActivationRun.Outcome outcome = this.models.withModel(run.model(), (model) -> new ActivationRun(model, run,
					this.messages, (message) -> this.queue.put(message, () -> !cancelled.get()), cancelled::get)
				.run());
			status = 200;
			detail = "frames=%d bytes=%d tokens=%d generated=%d".formatted(outcome.frames(), outcome.bytes(),
					outcome.tokens().length, outcome.generated().length);
			idle();
			this.queue.put(this.messages.summary(outcome.frames(), outcome.bytes(), outcome.tokens(),
					run.maxNewTokens() > 0 ? outcome.generated() : null, (System.nanoTime() - start) / 1_000_000));
		}
		catch (StreamCancelledException ex) {
			status = CLIENT_CLOSED_REQUEST;
			detail = "cancelled";
			idle();
			this.queue.discard();
			sendQuietly(() -> this.queue.put(this.messages.cancelled()));
		}
		catch (StreamStalledException ex) {
			status = ex.problemType().status().value();
			detail = "stalled";
			logger.info("Activation stream stalled and was stopped: {}", ex.getMessage());
			this.queue.finish(this.messages.error(ex.toProblemDetail()), CloseStatus.POLICY_VIOLATION);
		}
		catch (SocketGoneException ex) {
			// The client left; the lease is already released.
			if (status != 200) {
				status = CLIENT_CLOSED_REQUEST;
				detail = "client left";
			}
		}
		catch (ApiProblemException ex) {
			status = ex.problemType().status().value();
			detail = "refused: " + ex.problemType().type();
			idle();
			reply(ex);
		}
		catch (IllegalArgumentException ex) {
			status = 400;
			detail = "refused: " + ProblemType.INVALID_REQUEST.type();
			idle();
			reply(new InvalidFieldProblem("message", String.valueOf(ex.getMessage())));
		}
		catch (RuntimeException ex) {
			logger.error("Activation stream failed", ex);
			this.queue.finish(
					this.messages.error(ProblemType.INTERNAL_ERROR
						.toProblemDetail("The server failed to run this stream; the server log has the details.")),
					CloseStatus.SERVER_ERROR);
		}
		finally {
			this.audit.record(this.username, AUDIT_ACTION, run.model(), status,
					Duration.ofNanos(System.nanoTime() - start), detail);
		}
	}

	/**
	 * Marks the socket idle before the run's last message goes out, so that a client that
	 * answers the summary (or error) at once with a new request finds it free.
	 */
	private void idle() {
		this.running.set(null);
	}

	private void reply(ApiProblemException problem) {
		sendQuietly(() -> this.queue.put(this.messages.error(problem.toProblemDetail())));
	}

	/** Sends a reply unless the socket is gone or stalled (then nobody reads it). */
	private void sendQuietly(Runnable send) {
		try {
			send.run();
		}
		catch (SocketGoneException ex) {
			// Nobody to tell.
		}
		catch (StreamStalledException ex) {
			this.queue.finish(this.messages.error(ex.toProblemDetail()), CloseStatus.POLICY_VIOLATION);
		}
	}

}
