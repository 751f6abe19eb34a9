package dev.arrakis.app.streaming;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.app.accounts.AuditTrail;
import dev.arrakis.app.models.ModelRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The WebSocket endpoint {@code /ws/v1/activations}. The protocol:
 * <ol>
 * <li>the client sends a run request ({@link ActivationStreamRequest}) as a text
 * message;</li>
 * <li>the server sends one binary frame per activation as its hook fires
 * ({@link ActivationFrames}: header length, JSON {@link FrameHeader}, little-endian
 * tensor), with a text frame {@code {type: "token", step, tokenId, text}} before each
 * generated token's activations;</li>
 * <li>then a text frame {@code {type: "summary", frames, bytes, tokens, generated?,
 * millis}}; the socket stays open for the next request.</li>
 * </ol>
 * {@code {"type": "cancel"}} (or closing the socket) stops a run at its next hook; the
 * server answers {@code {type: "cancelled"}} and sends no further activation frames.
 * Refused requests and failed runs are text frames {@code {type: "error", problem}} with
 * the REST API's problem details. A client that stops reading blocks the model (the send
 * queue holds at most {@code arrakis.streaming.max-queued-bytes}); after
 * {@code arrakis.streaming.send-timeout} without room the stream fails with a
 * {@code stream-stalled} error frame and close code 1008 (policy violation). Unexpected
 * server errors close with 1011. Each run request is recorded in the audit log
 * ({@code STREAM /ws/v1/activations}, the caller, the model, 200 or the problem's status,
 * 499 when cancelled, the duration and what was sent).
 *
 * <p>
 * Runs and sends happen on this handler's own threads, never on the container's, so the
 * container keeps reading a client's cancel while its run streams.
 */
@Component
class ActivationStreamHandler extends AbstractWebSocketHandler implements DisposableBean {

	/**
	 * Tomcat's per-session limit on one blocking send (default 20 s), set to the send
	 * timeout so a send to a client that stopped reading gives up as promptly as a
	 * producer waiting for queue room.
	 */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final ModelRegistry models;

	private final StreamingProperties properties;

	private final StreamMessages messages;

	private final ClientMessageReader reader;

	private final ExecutorService executor = Executors.newCachedThreadPool(threads());

	private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();

	private final AuditTrail audit;

	ActivationStreamHandler(ModelRegistry models, StreamingProperties properties, JsonMapper json, AuditTrail audit) {
		this.models = models;
		this.audit = audit;
		this.properties = properties;
		this.messages = new StreamMessages(json);
		this.reader = new ClientMessageReader(json, properties.maxNewTokens());
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) {
			standard.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, this.properties.sendTimeout().toMillis());
		}
		SendQueue queue = new SendQueue(new SessionTransport(session), this.executor,
				this.properties.maxQueuedBytes().toBytes(), this.properties.sendTimeout());
		this.sessions.put(session.getId(), new StreamSession(this.models, this.reader, this.messages, queue,
				this.executor, this.audit, caller(session)));
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		StreamSession stream = this.sessions.get(session.getId());
		if (stream != null) {
			stream.onMessage(message.getPayload());
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		StreamSession stream = this.sessions.get(session.getId());
		if (stream != null) {
			stream.onBinaryMessage();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		StreamSession stream = this.sessions.remove(session.getId());
		if (stream != null) {
			stream.closed();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		StreamSession stream = this.sessions.remove(session.getId());
		if (stream != null) {
			stream.closed();
		}
	}

	/**
	 * The authenticated caller's name (the security chain lets no anonymous handshake
	 * in).
	 */
	private static String caller(WebSocketSession session) {
		Principal principal = session.getPrincipal();
		return principal == null ? "anonymous" : principal.getName();
	}

	/** How many sessions have a run in progress (for tests and diagnostics). */
	int runningStreams() {
		return (int) this.sessions.values().stream().filter(StreamSession::isRunning).count();
	}

	@Override
	public void destroy() {
		this.sessions.values().forEach(StreamSession::closed);
		this.executor.shutdownNow();
	}

	private static ThreadFactory threads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "activation-stream-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** Sends on the session; called by one queue task at a time. */
	private record SessionTransport(WebSocketSession session) implements SendQueue.Transport {

		@Override
		public void send(WebSocketMessage<?> message) throws IOException {
			this.session.sendMessage(message);
		}

		@Override
		public void close(CloseStatus status) throws IOException {
			this.session.close(status);
		}

	}

}
