package dev.arrakis.app.streaming;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test client of {@code /ws/v1/activations} on the JDK's WebSocket client: collects
 * whole messages (binary frames parsed into header and tensor bytes, text frames as JSON)
 * and the close. With {@code demand} false it requests nothing, so it reads nothing until
 * {@link #resume}: a client that stopped reading.
 */
final class StreamClient implements WebSocket.Listener, AutoCloseable {

	static final JsonMapper json = JsonMapper.builder().build();

	/** One received message, or the end of the connection. */
	record Received(@Nullable Frame frame, @Nullable JsonNode text, @Nullable Integer closeCode,
			@Nullable Throwable error) {

		boolean isEnd() {
			return this.closeCode != null || this.error != null;
		}

		String textType() {
			return this.text == null ? "" : this.text.path("type").asString();
		}

	}

	/** A binary activation frame: its JSON header and its little-endian tensor bytes. */
	record Frame(JsonNode header, ByteBuffer tensor, int size) {

		String name() {
			return this.header.required("name").asString();
		}

		int step() {
			return this.header.required("step").asInt();
		}

		long[] shape() {
			JsonNode shape = this.header.required("shape");
			long[] dims = new long[shape.size()];
			for (int i = 0; i < dims.length; i++) {
				dims[i] = shape.get(i).asLong();
			}
			return dims;
		}

		float[] floats() {
			float[] values = new float[this.tensor.remaining() / 4];
			this.tensor.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
			return values;
		}

		float[] halves() {
			short[] bits = new short[this.tensor.remaining() / 2];
			this.tensor.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(bits);
			float[] values = new float[bits.length];
			for (int i = 0; i < bits.length; i++) {
				values[i] = halfToFloat(bits[i]);
			}
			return values;
		}

		static Frame parse(ByteBuffer message) {
			ByteBuffer frame = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
			int headerLength = frame.getInt();
			byte[] header = new byte[headerLength];
			frame.get(header);
			return new Frame(json.readTree(new String(header, StandardCharsets.UTF_8)), frame.slice(),
					message.remaining());
		}

	}

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final boolean demand;

	private final WebSocket socket;

	private final StringBuilder text = new StringBuilder();

	private ByteBuffer binary = ByteBuffer.allocate(0);

	private StreamClient(int port, boolean demand) {
		this.demand = demand;
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Authorization", "Bearer it-admin-key")
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create("ws://localhost:" + port + StreamingConfiguration.PATH), this)
			.join();
	}

	static StreamClient connect(int port) {
		return new StreamClient(port, true);
	}

	/** A client that reads nothing until {@link #resume}. */
	static StreamClient connectNotReading(int port) {
		return new StreamClient(port, false);
	}

	void send(String message) {
		this.socket.sendText(message, true).join();
	}

	void resume() {
		this.socket.request(Long.MAX_VALUE);
	}

	/** The next message, waiting up to 30 s. */
	Received next() throws InterruptedException {
		Received next = this.received.poll(30, TimeUnit.SECONDS);
		if (next == null) {
			throw new AssertionError("no message from the server within 30 s");
		}
		return next;
	}

	/** The next message, or null when none comes within {@code wait}. */
	@Nullable Received poll(Duration wait) throws InterruptedException {
		return this.received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Messages up to and including the first text frame of one of these types. */
	List<Received> until(String... types) throws InterruptedException {
		List<Received> messages = new ArrayList<>();
		while (true) {
			Received next = next();
			messages.add(next);
			if (next.isEnd() || List.of(types).contains(next.textType())) {
				return messages;
			}
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		if (this.demand) {
			webSocket.request(1);
		}
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.received.add(new Received(null, json.readTree(this.text.toString()), null, null));
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		ByteBuffer joined = ByteBuffer.allocate(this.binary.remaining() + data.remaining());
		joined.put(this.binary).put(data).flip();
		this.binary = joined;
		if (last) {
			this.received.add(new Received(Frame.parse(this.binary), null, null, null));
			this.binary = ByteBuffer.allocate(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.received.add(new Received(null, null, statusCode, null));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.received.add(new Received(null, null, null, error));
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
		this.socket.abort();
	}

	/** IEEE 754 half to float (Java 17 has no Float.float16ToFloat). */
	static float halfToFloat(short half) {
		int bits = half & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1f;
		int mantissa = bits & 0x3ff;
		if (exponent == 0x1f) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			float value = mantissa * 0x1p-24f;
			return sign == 0 ? value : -value;
		}
		return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
	}

}
