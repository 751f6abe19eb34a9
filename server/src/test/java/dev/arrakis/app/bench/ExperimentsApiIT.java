package dev.arrakis.app.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.Problem;
import dev.arrakis.bench.hypothesis.Design;
import dev.arrakis.bench.hypothesis.HypothesisReport;
import dev.arrakis.bench.hypothesis.HypothesisTester;
import dev.arrakis.bench.hypothesis.MetricSamples;
import dev.arrakis.bench.hypothesis.TestOptions;
import dev.arrakis.bench.plot.PlotSpec;
import dev.arrakis.bench.plot.Plots;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.bench.run.FolderDatasets;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.ToolRegistry;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The experiment bench over HTTP on a whole server with PostgreSQL and the bundled
 * models: runs read back through every endpoint, refusals, artifacts, diffs, replays,
 * hypothesis tests, plots and visibility. Numbers are compared with the bench and tools
 * called directly on a separately loaded model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExperimentsApiIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long[] TOKENS = TestSequences.repeatedRandom(20, 11);

	private static final String DEFINITION = """
			{"name": "%s", "model": {"name": "tiny-induction-2l"},
			 "inputs": {"tokens": [%s]},
			 "steps": [
			   {"id": "detect", "tool": "attention", "method": "detect_heads",
			    "params": {"tokens": "${inputs.tokens.0}", "kind": "induction"}},
			   {"id": "ablate", "tool": "attention", "method": "ablate_heads",
			    "params": {"tokens": "${inputs.tokens.0}", "heads": ["L1H0", "L1H1", "L1H3"], "metric": "loss"}}],
			 "metrics": {"clean": "${ablate.clean}", "ablated": "${ablate.intervened}",
			             "inductionL1H0": "${detect.scores.1.0}"},
			 "seed": %d,
			 "plots": [{"type": "attention", "dataKeys": ["blocks.1.attn.hook_pattern"], "options": {"head": 0}}]}
			""";

	private static HookedAutoModel model;

	@LocalServerPort
	private int port;

	@Autowired
	private ExperimentVersionStore versionStore;

	@Autowired
	private ExperimentCatalog catalog;

	private RestTestClient client;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("experiments-api-postgres").toString());
		registry.add("arrakis.bench.artifacts-dir", () -> ItDirectories.fresh("experiments-api-artifacts").toString());
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
	void aPostedDefinitionRunsAndIsReadableThroughEveryGet() {
		JsonNode run = post("/api/v1/experiments/runs", Map.of("definition", definition("readback", 7)), 201);
		String id = run.get("id").asString();
		String owner = run.get("owner").asString();
		String version = run.get("version").asString();

		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		double direct = new AttentionTools(model).detectHeads(TOKENS, HeadDetector.INDUCTION).scores()[1][0];
		assertThat(run.get("metrics").get("inductionL1H0").asDouble()).isCloseTo(direct, within(1e-6));
		assertThat(get("/api/v1/runs/" + id, 200)).isEqualTo(run);
		JsonNode listed = find(get("/api/v1/experiments", 200), owner, "readback");
		assertThat(listed.get("versions").asLong()).isEqualTo(1);
		assertThat(listed.get("visibility").asString()).isEqualTo("private");
		assertThat(listed.get("latestRunAt").isNull()).isFalse();
		String base = "/api/v1/experiments/" + owner + "/readback";
		assertThat(get(base + "/versions", 200).findValuesAsString("sha256")).containsExactly(version);
		JsonNode stored = get(base + "/versions/" + version, 200);
		assertThat(stored.get("definition").get("name").asString()).isEqualTo("readback");
		assertThat(stored.get("definition").get("seed").asLong()).isEqualTo(7);
		assertThat(get(base + "/versions/" + version + "/runs", 200).valueStream().map((r) -> r.get("id").asString()))
			.containsExactly(id);
		assertThat(get(base + "/versions/" + "0".repeat(64), 404).get("type").asString())
			.isEqualTo("/problems/unknown-version");
	}

	@Test
	void runArtifactsDownloadWithTheirMediaType() throws Exception {
		JsonNode run = post("/api/v1/experiments/runs", Map.of("definition", definition("artifacts", 7)), 201);
		String id = run.get("id").asString();

		EntityExchangeResult<byte[]> png = bytes("/api/v1/runs/" + id + "/artifacts/plots/0-attention.png");
		EntityExchangeResult<byte[]> svg = bytes("/api/v1/runs/" + id + "/artifacts/plots/0-attention.svg");
		EntityExchangeResult<byte[]> data = bytes("/api/v1/runs/" + id + "/artifacts/plots/0-attention.json");

		assertThat(png.getResponseHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.getResponseBody()));
		assertThat(image.getWidth()).isEqualTo(800);
		assertThat(svg.getResponseHeaders().getContentType().toString()).isEqualTo("image/svg+xml");
		assertThat(new String(svg.getResponseBody())).contains("<svg");
		assertThat(data.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(JSON.readTree(data.getResponseBody())).isEqualTo(JSON.readTree(JSON.writeValueAsString(
				Plots.data(model, TOKENS, PlotSpec.of("attention", "blocks.1.attn.hook_pattern").with("head", 0)))));
		String sha = run.get("artifacts")
			.valueStream()
			.filter((artifact) -> artifact.get("name").asString().equals("plots/0-attention.png"))
			.findFirst()
			.orElseThrow()
			.get("ref")
			.get("sha256")
			.asString();
		assertThat(bytes("/api/v1/artifacts/" + sha).getResponseBody()).isEqualTo(png.getResponseBody());
		assertThat(get("/api/v1/runs/" + id + "/artifacts/plots/none.png", 404).get("type").asString())
			.isEqualTo("/problems/not-found");
		assertThat(get("/api/v1/artifacts/" + "a".repeat(64), 404).get("type").asString())
			.isEqualTo("/problems/not-found");
	}

	@Test
	void anInvalidDefinitionIs422WithEveryProblemAndAFailedRunIsStill201() {
		String invalid = """
				{"name": "invalid", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1, 2, 3]]},
				 "steps": [
				   {"id": "a", "tool": "no_tool", "method": "x", "params": {}},
				   {"id": "b", "tool": "attention", "method": "attention_pattern",
				    "params": {"tokens": "${inputs.tokens.0}", "layer": 0, "bogus": 1}},
				   {"id": "c", "tool": "attention", "method": "attention_pattern",
				    "params": {"tokens": "${later.x}", "layer": 0, "head": 0}}]}
				""";
		List<Problem> expected = new ExperimentRunner(ToolRegistry.standard(), new FolderDatasets(Path.of("none")))
			.problems(DefinitionJson.read(invalid), model);

		JsonNode problem = post("/api/v1/experiments/runs", Map.of("definition", JSON.readTree(invalid)), 422);

		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-definition");
		assertThat(problem.get("problems").findValuesAsString("path"))
			.containsExactlyElementsOf(expected.stream().map(Problem::path).toList())
			.hasSizeGreaterThanOrEqualTo(3);
		assertThat(get("/api/v1/experiments", 200).findValuesAsString("name")).doesNotContain("invalid");

		String failing = """
				{"name": "failing", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1, 2, 3]]},
				 "steps": [{"id": "bad", "tool": "attention", "method": "attention_pattern",
				            "params": {"tokens": "${inputs.tokens.0}", "layer": 5, "head": 0}}]}
				""";
		JsonNode failed = post("/api/v1/experiments/runs", Map.of("definition", JSON.readTree(failing)), 201);
		assertThat(failed.get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.get("error").asString()).contains("bad", "layer");
	}

	@Test
	void versionsAndRunsDiffAndAVersionReplaysOnAnotherModel() {
		JsonNode first = post("/api/v1/experiments/runs", Map.of("definition", definition("diffs", 7)), 201);
		JsonNode again = post("/api/v1/experiments/runs", Map.of("definition", definition("diffs", 7)), 201);
		JsonNode edited = post("/api/v1/experiments/runs",
				Map.of("definition", definition("diffs", 8), "parent", first.get("version").asString()), 201);
		String owner = first.get("owner").asString();
		String base = "/api/v1/experiments/" + owner + "/diffs";

		JsonNode versions = get(
				base + "/diff?left=" + first.get("version").asString() + "&right=" + edited.get("version").asString(),
				200);
		assertThat(versions.get("equal").asBoolean()).isFalse();
		assertThat(versions.get("differences").findValuesAsString("path")).containsExactly("seed");
		assertThat(get(base + "/versions/" + edited.get("version").asString(), 200).get("parent").asString())
			.isEqualTo(first.get("version").asString());

		JsonNode same = get("/api/v1/runs/" + first.get("id").asString() + "/diff/" + again.get("id").asString()
				+ "?absolute=1e-6&relative=1e-6", 200);
		assertThat(same.get("definition").get("equal").asBoolean()).isTrue();
		assertThat(same.get("results").get("equal").asBoolean()).isTrue();
		assertThat(same.get("metrics").get("equal").asBoolean()).isTrue();
		assertThat(get(
				"/api/v1/runs/" + first.get("id").asString() + "/diff/" + again.get("id").asString() + "?absolute=-1",
				400)
			.get("type")
			.asString()).isEqualTo("/problems/invalid-request");

		JsonNode replay = post(base + "/versions/" + first.get("version").asString() + "/replay",
				Map.of("model", "tiny-gpt2-bytes"), 201);
		assertThat(replay.get("replay").asBoolean()).isTrue();
		assertThat(replay.get("model").asString()).isEqualTo("tiny-gpt2-bytes");
		assertThat(replay.get("version").asString()).isEqualTo(first.get("version").asString());
		assertThat(replay.get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode across = get("/api/v1/runs/" + first.get("id").asString() + "/diff/" + replay.get("id").asString(),
				200);
		assertThat(across.get("manifest").get("differences").findValuesAsString("path")).contains("model");
		assertThat(post(base + "/versions/" + first.get("version").asString() + "/replay",
				Map.of("model", "no-such-model"), 404)
			.get("type")
			.asString()).isEqualTo("/problems/unknown-model");
	}

	@Test
	void aHypothesisTestOverRestMatchesTheTesterAndFindsInduction() {
		int half = 20;
		List<long[]> repeated = new ArrayList<>();
		List<long[]> fresh = new ArrayList<>();
		for (int seed = 0; seed < 8; seed++) {
			repeated.add(TestSequences.repeatedRandom(half, seed));
			fresh.add(freshRandom(2 * half, 100 + seed));
		}
		Map<String, Object> metric = Map.of("kind", "loss", "from", half, "to", 2 * half - 1);
		TestOptions options = new TestOptions(0.01, 0.9, 2000, 2000, 3);

		JsonNode report = post("/api/v1/models/tiny-induction-2l/hypothesis",
				Map.of("name", "induction lowers the loss", "metric", metric, "armA", repeated, "armB", fresh,
						"options",
						Map.of("alpha", 0.01, "confidence", 0.9, "resamples", 2000, "permutations", 2000, "seed", 3)),
				200);

		Metric loss = Metric.loss(half, 2 * half - 1);
		HypothesisReport direct = HypothesisTester.test("induction lowers the loss", "armA",
				MetricSamples.over(model, loss, repeated, Hooks.none()), "armB",
				MetricSamples.over(model, loss, fresh, Hooks.none()), Design.INDEPENDENT, options);
		assertThat(report.get("pValue").asDouble()).isLessThan(1e-3).isCloseTo(direct.pValue(), within(1e-12));
		assertThat(report.get("rejectNull").asBoolean()).isTrue();
		assertThat(report.get("welch").get("meanDifference").asDouble())
			.isCloseTo(direct.welch().meanDifference(), within(1e-9))
			.isLessThan(-1);
		assertThat(report.get("bootstrap").get("upper").asDouble()).isEqualTo(direct.bootstrap().upper());

		JsonNode badMetric = post("/api/v1/models/tiny-induction-2l/hypothesis",
				Map.of("name", "x", "metric", "accuracy", "armA", repeated, "armB", fresh), 400);
		assertThat(badMetric.get("field").asString()).isEqualTo("metric");
		JsonNode badOptions = post("/api/v1/models/tiny-induction-2l/hypothesis",
				Map.of("name", "x", "metric", "loss", "armA", repeated, "armB", fresh, "options", Map.of("alpha", 2)),
				400);
		assertThat(badOptions.get("detail").asString()).contains("alpha");
		JsonNode outOfVocabulary = post("/api/v1/models/tiny-induction-2l/hypothesis", Map.of("name", "x", "metric",
				"loss", "armA", List.of(new long[] { 1, 999 }, new long[] { 1, 2 }), "armB", fresh), 400);
		assertThat(outOfVocabulary.get("field").asString()).isEqualTo("armA");
	}

	@Test
	void plotsAreTheirDataAsJsonOrOneImage() throws Exception {
		List<PlotSpec> specs = List.of(PlotSpec.of("attention", "blocks.1.attn.hook_pattern").with("head", 0),
				PlotSpec.of("induction_heads", "blocks.1.attn.hook_pattern"));
		Map<String, Object> body = Map.of("tokens", TOKENS, "specs", specs);

		JsonNode data = post("/api/v1/models/tiny-induction-2l/plots", body, 200);

		assertThat(data).isEqualTo(JSON.readTree(JSON.writeValueAsString(Plots.data(model, TOKENS, specs))));
		byte[] png = this.client.post()
			.uri("/api/v1/models/tiny-induction-2l/plots?format=png")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("tokens", TOKENS, "specs", specs.subList(0, 1), "width", 320, "height", 240))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_PNG)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(320);
		assertThat(image.getHeight()).isEqualTo(240);
		assertThat(post("/api/v1/models/tiny-induction-2l/plots?format=png", body, 400).get("field").asString())
			.isEqualTo("specs");
		assertThat(post("/api/v1/models/tiny-induction-2l/plots",
				Map.of("tokens", TOKENS, "specs", List.of(PlotSpec.of("pie_chart"))), 400)
			.get("detail")
			.asString()).contains("pie_chart");
	}

	@Test
	void visibilityDecidesWhoSeesAndChangesAnExperiment() {
		Caller alice = caller("alice", "TEAM_circuits");
		Caller bob = caller("bob", "TEAM_circuits");
		Caller carol = caller("carol", "TEAM_probes");
		this.versionStore.record("alice", DefinitionJson.read(definition("shared", 1).toString()), null);

		assertThatThrownBy(() -> this.catalog.readable(bob, "alice", "shared"))
			.isInstanceOf(UnknownExperimentException.class);
		assertThatThrownBy(() -> this.catalog.share(bob, "alice", "shared", Visibility.PUBLIC, null))
			.isInstanceOf(UnknownExperimentException.class);
		assertThat(this.catalog.visibleTo(bob)).extracting(ExperimentSummary::name).doesNotContain("shared");

		ExperimentSummary team = this.catalog.share(alice, "alice", "shared", Visibility.TEAM, null);
		assertThat(team.team()).isEqualTo("circuits");
		assertThat(this.catalog.readable(bob, "alice", "shared").visibility()).isEqualTo(Visibility.TEAM);
		assertThatThrownBy(() -> this.catalog.readable(carol, "alice", "shared"))
			.isInstanceOf(UnknownExperimentException.class);
		assertThatThrownBy(() -> this.catalog.share(bob, "alice", "shared", Visibility.PUBLIC, null))
			.isInstanceOf(ExperimentAccessDeniedException.class);
		assertThatThrownBy(() -> this.catalog.share(alice, "alice", "shared", Visibility.TEAM, "probes"))
			.isInstanceOf(ExperimentAccessDeniedException.class);

		this.catalog.share(alice, "alice", "shared", Visibility.PUBLIC, null);
		assertThat(this.catalog.visibleTo(carol)).extracting(ExperimentSummary::name).contains("shared");
		assertThat(this.catalog.share(caller("root", "ROLE_ADMIN"), "alice", "shared", Visibility.PRIVATE, null)
			.visibility()).isEqualTo(Visibility.PRIVATE);
		assertThatThrownBy(() -> this.catalog.readable(carol, "alice", "shared"))
			.isInstanceOf(UnknownExperimentException.class);
	}

	@Test
	void theOwnerSharesTheirExperimentOverRest() {
		JsonNode run = post("/api/v1/experiments/runs", Map.of("definition", definition("mine", 7)), 201);
		String path = "/api/v1/experiments/" + run.get("owner").asString() + "/mine";

		JsonNode shared = patch(path, Map.of("visibility", "public"), 200);

		assertThat(shared.get("visibility").asString()).isEqualTo("public");
		assertThat(get(path, 200).get("visibility").asString()).isEqualTo("public");
		assertThat(patch(path, Map.of("visibility", "secret"), 400).get("type").asString())
			.isEqualTo("/problems/invalid-request");
		assertThat(patch("/api/v1/experiments/nobody/none", Map.of("visibility", "public"), 404).get("type").asString())
			.isEqualTo("/problems/unknown-experiment");
	}

	private static JsonNode definition(String name, long seed) {
		return JSON.readTree(DEFINITION.formatted(name, Arrays.toString(TOKENS), seed));
	}

	private static Caller caller(String name, String... authorities) {
		return new Caller(name, Set.of(authorities));
	}

	private static long[] freshRandom(int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] tokens = new long[length];
		for (int i = 0; i < length; i++) {
			tokens[i] = 32 + random.nextInt(95);
		}
		return tokens;
	}

	private static JsonNode find(JsonNode experiments, String owner, String name) {
		return experiments.valueStream()
			.filter((experiment) -> experiment.get("owner").asString().equals(owner)
					&& experiment.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(owner + "/" + name + " not listed in " + experiments));
	}

	private JsonNode get(String uri, int status) {
		return JSON.readTree(this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private EntityExchangeResult<byte[]> bytes(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();
	}

	private JsonNode post(String uri, Object body, int status) {
		return JSON.readTree(this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private JsonNode patch(String uri, Object body, int status) {
		return JSON.readTree(this.client.patch()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

}
