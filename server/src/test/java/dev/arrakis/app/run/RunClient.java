package dev.arrakis.app.run;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posts JSON to a running server as the bootstrap admin and reads the answer as bytes,
 * JSON or a problem detail.
 */
final class RunClient {

	static final JsonMapper json = JsonMapper.builder().build();

	private final RestTestClient client;

	RunClient(int port) {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	Answer post(String path, String body, MediaType... accept) {
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer it-admin-key")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(accept.length == 0 ? new MediaType[] { MediaType.APPLICATION_JSON } : accept)
			.body(body)
			.exchange()
			.returnResult(byte[].class);
		byte[] bytes = result.getResponseBody();
		return new Answer(result.getStatus(), result.getResponseHeaders(), bytes == null ? new byte[0] : bytes);
	}

	/** Posts and expects a 200 JSON run response. */
	RunResponse run(String model, String body) {
		Answer answer = post("/api/v1/models/" + model + "/run", body);
		assertThat(answer.status().value()).as(answer.text()).isEqualTo(200);
		return json.readValue(answer.body(), RunResponse.class);
	}

	/** Posts and expects a problem of this status and type; returns the problem. */
	JsonNode problem(String path, String body, int status, String type) {
		Answer answer = post(path, body);
		assertThat(answer.status().value()).as(answer.text()).isEqualTo(status);
		assertThat(answer.headers().getContentType()).as(answer.text()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = json.readTree(answer.body());
		assertThat(problem.path("type").asString()).as(answer.text()).isEqualTo("/problems/" + type);
		return problem;
	}

	record Answer(HttpStatusCode status, HttpHeaders headers, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
