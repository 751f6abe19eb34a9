package dev.arrakis.app.models;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the running server must do with the bundled models, whatever PostgreSQL it stores
 * its records in. The whole application runs on a random port with the repository's
 * {@code models/} folder; subclasses choose the database ({@link ModelsApiIT}: embedded,
 * {@link ModelsApiTestcontainersIT}: a PostgreSQL 17 container). Every request sends the
 * bootstrap admin's key ({@link ItAdminKey}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ModelsApiContract {

	@DynamicPropertySource
	static void bootstrapAdminKey(DynamicPropertyRegistry registry) {
		ItAdminKey.register(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private RestTestClient client;

	@BeforeEach
	void connect() {
		this.client = ItAdminKey.client(this.port);
	}

	@Test
	void listsTheBundledModelsWithTheirArchitectureShapesAndParameterCounts() {
		List<ModelResponse> models = this.client.get()
			.uri("/api/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<ModelResponse>>() {
			})
			.getResponseBody();

		assertThat(models).extracting(ModelResponse::name).containsExactlyElementsOf(BundledModels.NAMES);
		assertThat(models).extracting(ModelResponse::architecture).containsExactly("gpt2", "gpt2", "llama");
		for (ModelResponse model : models) {
			BundledModels.Expected expected = BundledModels.expected(model.name());
			assertThat(model.architecture()).as(model.name()).isEqualTo(expected.architecture());
			assertThat(model.parameterCount()).as(model.name()).isEqualTo(expected.parameterCount());
			assertThat(model.layers()).as(model.name()).isEqualTo(expected.layers());
			assertThat(model.heads()).as(model.name()).isEqualTo(expected.heads());
			assertThat(model.dModel()).as(model.name()).isEqualTo(expected.dModel());
			assertThat(model.vocab()).as(model.name()).isEqualTo(expected.vocab());
			assertThat(model.contextLength()).as(model.name()).isEqualTo(expected.contextLength());
			assertThat(model.dtype()).as(model.name()).isEqualTo("float32");
			assertThat(model.device()).as(model.name()).matches("cpu|cuda:\\d+");
			assertThat(model.hookCount()).as(model.name()).isPositive();
			assertThat(model.loadMillis()).as(model.name()).isNotNegative();
			// float32 weights, each stored once (the tied unembedding is a view of the
			// embedding), plus the zero
			// biases the checkpoint lacks (well under 1% here).
			assertThat(model.weightBytes()).as(model.name())
				.isBetween(4 * expected.parameterCount(), 4 * expected.parameterCount() * 101 / 100);
		}
	}

	@Test
	void reportsDeviceMemoryWithTheResidentWeightsOnIt() {
		List<DeviceResponse> devices = this.client.get()
			.uri("/api/v1/devices")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<DeviceResponse>>() {
			})
			.getResponseBody();

		assertThat(devices).extracting(DeviceResponse::device).contains("cpu");
		assertThat(devices.stream().flatMap(d -> d.models().stream()).sorted().toList())
			.containsExactlyElementsOf(BundledModels.NAMES);
		List<ModelResponse> models = this.client.get()
			.uri("/api/v1/models")
			.exchange()
			.returnResult(new ParameterizedTypeReference<List<ModelResponse>>() {
			})
			.getResponseBody();
		assertThat(devices.stream().mapToLong(DeviceResponse::weightBytes).sum())
			.isEqualTo(models.stream().mapToLong(ModelResponse::weightBytes).sum());
		for (DeviceResponse device : devices) {
			assertThat(device.totalBytes()).as(device.device()).isPositive();
			assertThat(device.freeBytes()).as(device.device()).isBetween(0L, device.totalBytes());
			assertThat(device.usedBytes()).as(device.device()).isEqualTo(device.totalBytes() - device.freeBytes());
		}
	}

	@Test
	void servesOneModelByName() {
		BundledModels.Expected llama = BundledModels.expected("tiny-llama-bytes");

		ModelResponse model = this.client.get()
			.uri("/api/v1/models/{name}", llama.name())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(ModelResponse.class)
			.getResponseBody();

		assertThat(model).isNotNull();
		assertThat(model.name()).isEqualTo(llama.name());
		assertThat(model.architecture()).isEqualTo("llama");
		assertThat(model.parameterCount()).isEqualTo(llama.parameterCount());
		assertThat(model.layers()).isEqualTo(llama.layers());
	}

	@Test
	void hookCatalogueHasOneEntryPerAdvertisedHookWithTransformerLensNames() {
		BundledModels.Expected induction = BundledModels.expected("tiny-induction-2l");
		ModelResponse model = this.client.get()
			.uri("/api/v1/models/{name}", induction.name())
			.exchange()
			.returnResult(ModelResponse.class)
			.getResponseBody();

		List<HookResponse> hooks = this.client.get()
			.uri("/api/v1/models/{name}/hooks", induction.name())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<HookResponse>>() {
			})
			.getResponseBody();

		assertThat(model).isNotNull();
		assertThat(hooks).hasSize(model.hookCount());
		assertThat(hooks).extracting(HookResponse::name)
			.doesNotHaveDuplicates()
			.contains("hook_embed", "blocks.0.hook_resid_pre", "blocks.1.attn.hook_pattern");
		assertThat(hooks).allSatisfy((hook) -> {
			assertThat(hook.shape()).as(hook.name()).isNotBlank();
			assertThat(hook.meaning()).as(hook.name()).isNotBlank();
		});
	}

	@Test
	void unknownModelIsA404ProblemNamingItAndListingTheLoadedModels() {
		this.client.get()
			.uri("/api/v1/models/{name}", "no-such-model")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-model")
			.jsonPath("$.title")
			.isEqualTo("Unknown model")
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("'no-such-model'"))
			.jsonPath("$.model")
			.isEqualTo("no-such-model")
			.jsonPath("$.loaded")
			.isEqualTo(BundledModels.NAMES);
	}

	@Test
	void hooksOfAnUnknownModelAreA404Problem() {
		this.client.get()
			.uri("/api/v1/models/{name}/hooks", "no-such-model")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-model");
	}

	@Test
	void unknownPathIsA404ProblemWithItsOwnType() {
		this.client.get()
			.uri("/api/v1/no-such-endpoint")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/not-found");
	}

	@Test
	void healthIsUpWithTheDatabaseAndEveryModelLoaded() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.details.database")
			.isEqualTo("PostgreSQL")
			.jsonPath("$.components.models.details.loaded")
			.isEqualTo(BundledModels.NAMES)
			.jsonPath("$.components.models.details.failed")
			.isEqualTo(Map.of());
	}

	@Test
	void eachLoadIsRecordedInModelLoadAsServed() {
		List<ModelResponse> models = this.client.get()
			.uri("/api/v1/models")
			.exchange()
			.returnResult(new ParameterizedTypeReference<List<ModelResponse>>() {
			})
			.getResponseBody();

		assertThat(models).hasSize(BundledModels.NAMES.size());
		for (ModelResponse model : models) {
			List<Map<String, Object>> rows = this.jdbc.sql("""
					SELECT architecture, parameter_count, dtype, device, load_millis
					FROM model_load WHERE model_name = ? AND loaded_at = ?""")
				.params(model.name(), Timestamp.from(model.loadedAt()))
				.query()
				.listOfRows();
			assertThat(rows).as(model.name()).hasSize(1);
			assertThat(rows.get(0)).as(model.name())
				.containsEntry("architecture", model.architecture())
				.containsEntry("parameter_count", model.parameterCount())
				.containsEntry("dtype", model.dtype())
				.containsEntry("device", model.device())
				.containsEntry("load_millis", model.loadMillis());
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM model_load").query(Long.class).single())
			.as("one row per load, and this context loaded each model once on a fresh database")
			.isEqualTo(BundledModels.NAMES.size());
	}

	@Test
	void schemaComesFromTheFlywayMigrations() {
		List<String> versions = this.jdbc
			.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
			.query(String.class)
			.list();

		assertThat(versions).startsWith("1");
	}

}
