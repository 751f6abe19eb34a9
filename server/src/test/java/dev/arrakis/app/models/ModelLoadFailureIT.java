package dev.arrakis.app.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model folder that cannot be loaded is reported and does not stop the others. The
 * model directory holds a copy of {@code tiny-induction-2l}, a copy whose
 * {@code config.json} names an architecture nobody implements, and a folder without
 * {@code config.json} (not a model folder, so ignored).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelLoadFailureIT {

	private static final String GOOD = "tiny-induction-2l";

	private static final String BROKEN = "broken-architecture";

	private static final String UNSUPPORTED_TYPE = "no-such-architecture";

	@LocalServerPort
	private int port;

	private RestTestClient client;

	@DynamicPropertySource
	static void embeddedDatabaseAndBrokenModels(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("model-failure-postgres").toString());
		registry.add("arrakis.models.dir", () -> modelsWithABrokenOne().toString());
		ItAdminKey.register(registry);
	}

	private static Path modelsWithABrokenOne() {
		Path models = ItDirectories.fresh("model-failure-models");
		Path bundled = BundledModels.directory().resolve(GOOD);
		try {
			copyModel(bundled, models.resolve(GOOD));
			Path broken = copyModel(bundled, models.resolve(BROKEN));
			String config = Files.readString(broken.resolve("config.json"));
			assertThat(config).contains("\"model_type\": \"gpt2\"");
			Files.writeString(broken.resolve("config.json"),
					config.replace("\"model_type\": \"gpt2\"", "\"model_type\": \"" + UNSUPPORTED_TYPE + "\""));
			Files.createDirectories(models.resolve("notes-not-a-model"));
			Files.writeString(models.resolve("notes-not-a-model").resolve("README.md"), "not a model\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return models;
	}

	private static Path copyModel(Path source, Path target) throws IOException {
		Files.createDirectories(target);
		for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json")) {
			Files.copy(source.resolve(file), target.resolve(file));
		}
		return target;
	}

	@BeforeEach
	void connect() {
		this.client = ItAdminKey.client(this.port);
	}

	@Test
	void theOtherModelsAreServedWhenOneFailsToLoad() {
		List<ModelResponse> models = this.client.get()
			.uri("/api/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<ModelResponse>>() {
			})
			.getResponseBody();

		assertThat(models).extracting(ModelResponse::name).containsExactly(GOOD);
	}

	@Test
	void aModelThatFailedToLoadIsA503ProblemGivingTheReason() {
		this.client.get()
			.uri("/api/v1/models/{name}", BROKEN)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/model-unavailable")
			.jsonPath("$.model")
			.isEqualTo(BROKEN)
			.jsonPath("$.reason")
			.value(String.class, (reason) -> assertThat(reason).contains(UNSUPPORTED_TYPE));
	}

	@Test
	void healthStaysUpAndNamesTheFailedModelWithItsReason() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.models.details.loaded")
			.isEqualTo(List.of(GOOD))
			.jsonPath("$.components.models.details.failed['" + BROKEN + "']")
			.value(String.class, (reason) -> assertThat(reason).contains(UNSUPPORTED_TYPE));
	}

	@Test
	void aFolderWithoutConfigJsonIsNotAModel() {
		this.client.get()
			.uri("/api/v1/models/{name}", "notes-not-a-model")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-model")
			.jsonPath("$.loaded")
			.isEqualTo(List.of(GOOD));
	}

}
