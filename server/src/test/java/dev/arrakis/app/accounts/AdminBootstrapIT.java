package dev.arrakis.app.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.arrakis.app.ArrakisApplication;
import dev.arrakis.app.models.ItDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first admin on a server started without
 * {@code arrakis.security.bootstrap-admin-key}: a random key in an owner-only file, and
 * restarts that keep users and keys and neither add an admin nor rotate the key. Whole
 * servers are started and stopped here, on one data directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapIT {

	@Test
	void theFirstStartWritesAnOwnerOnlyKeyFileAndRestartsKeepEverything(CapturedOutput output) throws IOException {
		Path data = ItDirectories.fresh("admin-bootstrap-postgres");
		Path models = ItDirectories.fresh("admin-bootstrap-models");
		Path keyFile = ItDirectories.fresh("admin-bootstrap-secrets").resolve("nested").resolve("admin-api-key");

		String adminKey;
		String researcherKey;
		try (ConfigurableApplicationContext server = start(data, models, keyFile)) {
			assertThat(keyFile).isRegularFile();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
			adminKey = Files.readString(keyFile).strip();
			assertThat(adminKey).startsWith("ak_").hasSize(46);
			assertThat(output.getAll()).contains(keyFile.toString()).doesNotContain(adminKey);

			RestTestClient admin = client(server, adminKey);
			admin.get()
				.uri("/api/v1/me")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.role")
				.isEqualTo("admin");
			admin.post()
				.uri("/api/v1/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("username", "stays", "role", "researcher"))
				.exchange()
				.expectStatus()
				.isCreated();
			CreatedKeyResponse created = admin.post()
				.uri("/api/v1/users/stays/keys")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("name", "main"))
				.exchange()
				.expectStatus()
				.isCreated()
				.returnResult(CreatedKeyResponse.class)
				.getResponseBody();
			assertThat(created).isNotNull();
			researcherKey = created.key();
		}

		Files.delete(keyFile);
		try (ConfigurableApplicationContext server = start(data, models, keyFile)) {
			assertThat(keyFile).as("no new key on restart").doesNotExist();
			client(server, adminKey).get().uri("/api/v1/users").exchange().expectStatus().isOk();
			client(server, researcherKey).get()
				.uri("/api/v1/me")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.username")
				.isEqualTo("stays");
			JdbcClient jdbc = server.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE role = 'admin'").query(Long.class).single())
				.isEqualTo(1);
			assertThat(jdbc.sql("SELECT count(*) FROM api_key").query(Long.class).single()).isEqualTo(2);
		}
	}

	private static ConfigurableApplicationContext start(Path data, Path models, Path keyFile) {
		Map<String, Object> properties = new HashMap<>(Map.of("server.port", "0", "spring.datasource.url", "",
				"arrakis.db.data-dir", data.toString(), "arrakis.models.dir", models.toString(),
				"arrakis.security.bootstrap-admin-key", "", "arrakis.security.admin-key-file", keyFile.toString()));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("admin-bootstrap-it", properties));
		return new SpringApplicationBuilder(ArrakisApplication.class).environment(environment).run();
	}

	private static RestTestClient client(ConfigurableApplicationContext server, String key) {
		int port = ((WebServerApplicationContext) server).getWebServer().getPort();
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.defaultHeader("Authorization", "Bearer " + key)
			.build();
	}

}
