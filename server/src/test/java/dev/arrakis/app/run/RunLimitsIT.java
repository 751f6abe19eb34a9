package dev.arrakis.app.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's refusals under small limits: a run whose result would exceed
 * {@code arrakis.run.max-activation-bytes} (with the estimate), a body over
 * {@code arrakis.run.max-body-bytes}, and text for a model without a tokenizer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunLimitsIT {

	private static final int LIMIT = 10_000;

	@LocalServerPort
	private int port;

	private RunClient client;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("run-limits-postgres").toString());
		registry.add("arrakis.models.dir", RunLimitsIT::modelsWithoutTokenizer);
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
		registry.add("arrakis.run.max-activation-bytes", () -> String.valueOf(LIMIT));
		registry.add("arrakis.run.max-body-bytes", () -> "2KB");
	}

	/** tiny-induction-2l twice: as bundled, and without its tokenizer.json. */
	private static String modelsWithoutTokenizer() {
		Path models = ItDirectories.fresh("run-limits-models");
		Path bundled = BundledModels.directory().resolve("tiny-induction-2l");
		try {
			for (String name : List.of("tiny-induction-2l", "no-tokenizer")) {
				Path folder = Files.createDirectories(models.resolve(name));
				for (String file : List.of("config.json", "model.safetensors", "generation_config.json")) {
					Files.copy(bundled.resolve(file), folder.resolve(file));
				}
			}
			Files.copy(bundled.resolve("tokenizer.json"), models.resolve("tiny-induction-2l/tokenizer.json"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return models.toString();
	}

	@BeforeEach
	void connect() {
		this.client = new RunClient(this.port);
	}

	@Test
	void aRunWhoseResultExceedsTheLimitIsRefusedWithTheEstimate() {
		// 2 layers x 4 heads x 10 x 10 pattern floats, plus 10 x 256 logits, 4 bytes
		// each.
		long expected = 2L * 4 * 10 * 10 * 4 + 10L * 256 * 4;
		JsonNode problem = this.client.problem("/api/v1/models/tiny-induction-2l/run",
				"{\"tokens\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], \"hooks\": [\"blocks.*.attn.hook_pattern\"]}", 413,
				"request-too-large");
		assertThat(problem.path("estimatedBytes").asLong()).isEqualTo(expected);
		assertThat(problem.path("limitBytes").asLong()).isEqualTo(LIMIT);

		// Narrowed to one head and two positions it fits: 2 x 1 x 2 x 10 + 2 x 256
		// floats.
		RunResponse narrowed = this.client.run("tiny-induction-2l", """
				{"tokens": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "hooks": ["blocks.*.attn.hook_pattern"],
				 "heads": [0], "positions": [0, -1]}""");
		assertThat(narrowed.activations()).hasSize(2);
	}

	@Test
	void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
		String tokens = "1, ".repeat(1000) + "1";
		JsonNode problem = this.client.problem("/api/v1/models/tiny-induction-2l/run", "{\"tokens\": [" + tokens + "]}",
				413, "body-too-large");
		assertThat(problem.path("limitBytes").asLong()).isEqualTo(2048);
		this.client.problem("/api/v1/models/tiny-induction-2l/tokenize", "{\"text\": \"" + "a".repeat(3000) + "\"}",
				413, "body-too-large");
	}

	@Test
	void textForAModelWithoutTokenizerIsA422() {
		JsonNode tokenize = this.client.problem("/api/v1/models/no-tokenizer/tokenize", "{\"text\": \"abc\"}", 422,
				"no-tokenizer");
		assertThat(tokenize.path("model").asString()).isEqualTo("no-tokenizer");
		this.client.problem("/api/v1/models/no-tokenizer/detokenize", "{\"tokens\": [1, 2]}", 422, "no-tokenizer");
		JsonNode run = this.client.problem("/api/v1/models/no-tokenizer/run", "{\"text\": \"abc\"}", 422,
				"no-tokenizer");
		assertThat(run.path("field").asString()).isEqualTo("text");

		RunResponse byTokens = this.client.run("no-tokenizer", "{\"tokens\": [1, 2, 3], \"topK\": 2}");
		assertThat(byTokens.tokenStrings()).isNull();
		assertThat(byTokens.predictions().get(0).get(0).strings()).isNull();
	}

}
