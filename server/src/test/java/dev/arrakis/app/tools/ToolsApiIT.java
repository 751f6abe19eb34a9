package dev.arrakis.app.tools;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.ToolRegistry;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool catalogue and tool calls over HTTP on a whole server with the bundled models,
 * compared with the same tools called directly on a separately loaded model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolsApiIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long[] TOKENS = TestSequences.repeatedRandom(20, 11);

	private static HookedAutoModel model;

	@LocalServerPort
	private int port;

	private RestTestClient client;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("tools-api-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
	}

	@BeforeAll
	static void loadTheModelDirectly() throws Exception {
		model = HookedAutoModel.load(BundledModels.directory().resolve("tiny-induction-2l"), LoadOptions.defaults());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@BeforeEach
	void connect() {
		this.client = RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer it-admin-key")
			.build();
	}

	@Test
	void theCatalogueListsEveryToolAsTheRegistryDescribesIt() {
		ToolRegistry registry = ToolRegistry.standard();
		List<ToolResponse> expected = registry.keys()
			.stream()
			.map((key) -> ToolResponse.of(registry.tool(key, model)))
			.toList();

		JsonNode listed = get("/api/v1/tools", 200);

		assertThat(listed).isEqualTo(JSON.readTree(JSON.writeValueAsString(expected)));
		assertThat(listed.size()).isEqualTo(registry.keys().size());
		JsonNode attention = get("/api/v1/tools/attention", 200);
		assertThat(attention)
			.isEqualTo(JSON.readTree(JSON.writeValueAsString(ToolResponse.of(registry.tool("attention", model)))));
		assertThat(attention.get("methods").findValuesAsString("name")).contains("detect_heads", "ablate_heads");
	}

	@Test
	void anUnknownToolIsA404ListingTheKeys() {
		JsonNode problem = get("/api/v1/tools/no-such-tool", 404);

		assertThat(problem.get("type").asString()).isEqualTo("/problems/unknown-tool");
		assertThat(problem.get("tools").valueStream().map(JsonNode::asString).toList())
			.isEqualTo(ToolRegistry.standard().keys());
	}

	@Test
	void detectHeadsOverRestEqualsTheDirectCall() {
		Object direct = new AttentionTools(model).detectHeads(TOKENS, HeadDetector.INDUCTION);

		JsonNode result = post("/api/v1/models/tiny-induction-2l/tools/attention/detect_heads",
				Map.of("tokens", TOKENS, "kind", "induction"), 200);

		assertThat(result).isEqualTo(JSON.readTree(JSON.writeValueAsString(direct)));
		assertThat(result.get("scores").get(1).get(0).asDouble()).isGreaterThan(0.3);
	}

	@Test
	void badParametersAre400ProblemsNamingTheParameter() {
		String call = "/api/v1/models/tiny-induction-2l/tools/attention/attention_pattern";

		JsonNode unknown = post(call, Map.of("tokens", TOKENS, "layer", 0, "head", 0, "bogus", 1), 400);
		JsonNode wrongType = post(call, Map.of("tokens", TOKENS, "layer", "zero", "head", 0), 400);
		JsonNode missing = post(call, Map.of("tokens", TOKENS, "head", 0), 400);
		JsonNode outOfRange = post(call, Map.of("tokens", TOKENS, "layer", 5, "head", 0), 400);
		JsonNode noMethod = post("/api/v1/models/tiny-induction-2l/tools/attention/no_method", Map.of(), 400);
		JsonNode noTool = post("/api/v1/models/tiny-induction-2l/tools/no_tool/x", Map.of(), 400);

		assertThat(List.of(unknown, wrongType, missing, outOfRange, noMethod, noTool)).allSatisfy(
				(problem) -> assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-tool-call"));
		assertThat(unknown.get("parameter").asString()).isEqualTo("bogus");
		assertThat(wrongType.get("parameter").asString()).isEqualTo("layer");
		assertThat(missing.get("parameter").asString()).isEqualTo("layer");
		assertThat(outOfRange.get("detail").asString()).contains("layer");
		assertThat(noMethod.get("detail").asString()).contains("no_method", "detect_heads");
		assertThat(noTool.get("detail").asString()).contains("no_tool", "attention");
	}

	@Test
	void anUnknownModelIs404() {
		JsonNode problem = post("/api/v1/models/no-such-model/tools/attention/detect_heads",
				Map.of("tokens", TOKENS, "kind", "induction"), 404);

		assertThat(problem.get("type").asString()).isEqualTo("/problems/unknown-model");
	}

	private JsonNode get(String uri, int status) {
		String body = this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	private JsonNode post(String uri, Object body, int status) {
		String answer = this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JSON.readTree(answer);
	}

}
