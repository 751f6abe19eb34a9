package dev.arrakis.app.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract {@code openapi/arrakis.yaml} is exactly what the running server
 * publishes at {@code /v3/api-docs.yaml}: a change to the API shows up as a change to
 * that file, reviewed with the code. To accept a change, run this test with
 * {@code ARRAKIS_OPENAPI_WRITE=true} in the environment, which writes the published
 * description to the file, and commit it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractIT {

	static final Path CONTRACT = Path.of(System.getProperty("basedir", "."), "..", "openapi", "arrakis.yaml")
		.toAbsolutePath()
		.normalize();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("openapi-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
	}

	@Test
	void theServerPublishesExactlyTheCommittedContract() throws IOException {
		byte[] published = RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri("/v3/api-docs.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(byte[].class)
			.getResponseBody();
		String description = new String(published, StandardCharsets.UTF_8);
		if (Boolean.getBoolean("arrakis.openapi.write") || "true".equals(System.getenv("ARRAKIS_OPENAPI_WRITE"))) {
			Files.writeString(CONTRACT, description, StandardCharsets.UTF_8);
		}

		assertThat(description).startsWith("openapi: 3.1");
		assertThat(description).contains("/api/v1/models/{name}/run", "/api/v1/experiments/runs", "/api/v1/jobs",
				"/api/v1/users");
		assertThat(Files.readString(CONTRACT, StandardCharsets.UTF_8))
			.as("openapi/arrakis.yaml differs from what the server publishes; if the change is intended, rerun with "
					+ "ARRAKIS_OPENAPI_WRITE=true in the environment and commit the file")
			.isEqualTo(description);
	}

}
