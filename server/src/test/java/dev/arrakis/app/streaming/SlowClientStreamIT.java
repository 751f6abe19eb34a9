package dev.arrakis.app.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.app.streaming.StreamClient.Received;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading: with a 16 KB send queue and a 2 s send timeout the server
 * stops the run (releasing the model) within the timeout plus the time the socket buffers
 * take to fill, ends the stream, and keeps serving other clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowClientStreamIT {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	@LocalServerPort
	private int port;

	@Autowired
	private ActivationStreamHandler handler;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("slow-client-stream-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
		registry.add("arrakis.streaming.max-queued-bytes", () -> "16KB");
		registry.add("arrakis.streaming.send-timeout", () -> SEND_TIMEOUT.toMillis() + "ms");
	}

	@Test
	void aClientThatStopsReadingHasItsStreamFailedAndTheServerServesOthers() throws Exception {
		// tiny-gpt2-bytes, every hook, 200 prompt tokens and 50 generated: some 30 MB,
		// far more than the queue and the sockets' buffers hold.
		String everything = "{\"model\": \"tiny-gpt2-bytes\", \"tokens\": %s, \"hooks\": [\"**\"], "
				+ "\"generate\": {\"maxNewTokens\": 50}}";
		try (StreamClient slow = StreamClient.connectNotReading(this.port)) {
			slow.send(everything.formatted(tokens(200)));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.runningStreams() == 1);
			long stalledSince = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.handler.runningStreams() == 0);
			assertThat(Duration.ofNanos(System.nanoTime() - stalledSince)).isGreaterThanOrEqualTo(SEND_TIMEOUT);

			slow.resume();
			// What was buffered before the stall arrives, then the stream ends: with an
			// error frame and close code 1008 if they got through, a dropped connection
			// (1006), or (under heavy load, when the close frame could not be written
			// either) nothing more: the stream is failed and never completes either way.
			List<Received> messages = new ArrayList<>();
			Received last = slow.poll(Duration.ofSeconds(30));
			while (last != null) {
				messages.add(last);
				if (last.isEnd()) {
					break;
				}
				last = slow.poll(Duration.ofSeconds(30));
			}
			assertThat(messages).noneMatch((message) -> message.textType().equals("summary"));
			messages.stream()
				.filter((message) -> message.textType().equals("error"))
				.findFirst()
				.ifPresent((error) -> assertThat(error.text().path("problem").path("type").asString())
					.isEqualTo("/problems/stream-stalled"));
			if (last != null && last.closeCode() != null) {
				assertThat(last.closeCode()).isIn(1008, 1006);
			}
		}

		try (StreamClient next = StreamClient.connect(this.port)) {
			next.send(
					"{\"model\": \"tiny-gpt2-bytes\", \"tokens\": %s, \"hooks\": [\"logits\"]}".formatted(tokens(10)));
			List<Received> messages = next.until("summary", "error");
			assertThat(messages.get(messages.size() - 1).textType()).isEqualTo("summary");
		}
	}

	private static String tokens(int count) {
		StringBuilder tokens = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			tokens.append(i == 0 ? "" : ", ").append(32 + i % 90);
		}
		return tokens.append(']').toString();
	}

}
