package dev.arrakis.app.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.diff.DiffReport;
import dev.arrakis.bench.diff.Difference;
import dev.arrakis.bench.diff.Tolerance;
import dev.arrakis.bench.profile.Granularity;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.bench.run.ModelFingerprint;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs of experiment definitions on a whole server with PostgreSQL and the bundled
 * models: what a run records, failures, invalid definitions, concurrent runs, replays and
 * diffs, artifacts, and that all of it survives a restart.
 */
class ExperimentRunsIT {

	private static final long[] TOKENS = TestSequences.repeatedRandom(20, 11);

	private static final String DEFINITION = """
			{"name": "induction-ablation", "model": {"name": "tiny-induction-2l"},
			 "inputs": {"tokens": [%s]},
			 "steps": [
			   {"id": "detect", "tool": "attention", "method": "detect_heads",
			    "params": {"tokens": "${inputs.tokens.0}", "kind": "induction"}},
			   {"id": "pattern", "tool": "attention", "method": "attention_pattern",
			    "params": {"tokens": "${inputs.tokens.0}", "layer": 1, "head": 0}},
			   {"id": "ablate", "tool": "attention", "method": "ablate_heads",
			    "params": {"tokens": "${inputs.tokens.0}", "heads": ["L1H0", "L1H1", "L1H3"], "metric": "loss"}}],
			 "metrics": {"clean": "${ablate.clean}", "ablated": "${ablate.intervened}",
			             "inductionL1H0": "${detect.scores.1.0}"},
			 "seed": 7,
			 "plots": [{"type": "attention", "dataKeys": ["blocks.1.attn.hook_pattern"], "options": {"head": 0}}]}
			""".formatted(Arrays.toString(TOKENS));

	private static final String FAILING = """
			{"name": "bad-layer", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1, 2, 3]]},
			 "steps": [
			   {"id": "ok", "tool": "attention", "method": "attention_pattern",
			    "params": {"tokens": "${inputs.tokens.0}", "layer": 0, "head": 0}},
			   {"id": "bad", "tool": "attention", "method": "attention_pattern",
			    "params": {"tokens": "${inputs.tokens.0}", "layer": 5, "head": 0}}]}
			""";

	/**
	 * Small limits, so that the 40 x 40 pattern becomes an artifact in the file store.
	 */
	private static final Map<String, String> SMALL_LIMITS = Map.of("arrakis.bench.inline-result-bytes", "4KB",
			"arrakis.bench.inline-artifact-bytes", "8KB");

	@Test
	void everythingARunRecordsSurvivesARestart() throws Exception {
		Path data = ItDirectories.fresh("experiment-runs-postgres");
		Path artifactsDir = ItDirectories.fresh("experiment-runs-artifacts");
		Map<String, String> settings = new java.util.HashMap<>(SMALL_LIMITS);
		settings.put("arrakis.bench.artifacts-dir", artifactsDir.toString());
		UUID succeeded;
		UUID failed;
		UUID interrupted;
		ArtifactRef small;
		ArtifactRef large;
		byte[] largeBytes = "x".repeat(20_000).getBytes(StandardCharsets.UTF_8);
		try (ConfigurableApplicationContext server = BenchServer.start(data, BundledModels.directory(), settings)) {
			ExperimentRunService service = server.getBean(ExperimentRunService.class);
			RunRecord run = service.run("ada", DefinitionJson.read(DEFINITION), null, Granularity.LAYER);
			succeeded = run.id();

			assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
			assertThat(run.error()).isNull();
			assertThat(run.endedAt()).isAfterOrEqualTo(run.startedAt());
			assertThat(run.durationMs()).isNotNull().isGreaterThanOrEqualTo(0);
			assertThat(run.metrics().get("ablated")).isGreaterThan(run.metrics().get("clean") + 0.1);
			assertThat(run.metrics().get("inductionL1H0"))
				.isCloseTo(run.steps().get(0).get("result").get("scores").get(1).get(0).asDouble(), within(0.0));
			assertThat(run.metrics().get("inductionL1H0")).isCloseTo(directInductionScore(), within(1e-6));
			assertThat(run.steps()).extracting((step) -> step.get("id").asString())
				.containsExactly("detect", "pattern", "ablate");
			JsonNode pattern = run.steps().get(1);
			assertThat(pattern.has("result")).isFalse();
			assertThat(run.artifacts()).extracting(RunRecord.NamedArtifact::name)
				.containsExactly("plots/0-attention.json", "plots/0-attention.png", "plots/0-attention.svg",
						"steps/pattern.json");
			assertThat(artifact(run, "steps/pattern.json")).satisfies((artifact) -> {
				assertThat(artifact.sha256()).isEqualTo(pattern.get("artifact").asString());
				assertThat(artifact.sizeBytes()).isGreaterThan(8 * 1024);
			});
			assertThat(artifact(run, "plots/0-attention.png").mediaType()).isEqualTo("image/png");
			assertManifest(run.manifest(), "tiny-induction-2l", 7);
			assertThat(run.profile()).isNotNull();
			assertThat(run.profile().get("components")).hasSize(4);

			RunRecord failure = service.run("ada", DefinitionJson.read(FAILING), null);
			failed = failure.id();
			assertThat(failure.status()).isEqualTo(RunStatus.FAILED);
			assertThat(failure.error()).contains("step 'bad'").contains("layer").contains("5");
			assertThat(failure.steps()).extracting((step) -> step.get("id").asString()).containsExactly("ok");

			ArtifactStore artifacts = server.getBean(ArtifactStore.class);
			small = artifacts.put("{\"small\": true}".getBytes(StandardCharsets.UTF_8), "application/json");
			large = artifacts.put(largeBytes, "text/plain");
			assertThat(artifacts.put(largeBytes, "text/plain")).isEqualTo(large);
			assertThat(Files.walk(artifactsDir).filter(Files::isRegularFile).map((p) -> p.getFileName().toString()))
				.contains(large.sha256())
				.doesNotContain(small.sha256());

			ExperimentRunStore runs = server.getBean(ExperimentRunStore.class);
			interrupted = runs.start("ada", "induction-ablation", run.version(), "tiny-induction-2l", false, "{}");
		}
		try (ConfigurableApplicationContext server = BenchServer.start(data, BundledModels.directory(), settings)) {
			ExperimentRunStore runs = server.getBean(ExperimentRunStore.class);
			RunRecord run = runs.run(succeeded);
			assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
			assertThat(run.metrics()).containsKeys("clean", "ablated", "inductionL1H0");
			assertThat(run.steps()).hasSize(3);
			assertThat(run.profile()).isNotNull();
			assertThat(runs.run(failed).error()).contains("step 'bad'");
			RunRecord cutOff = runs.run(interrupted);
			assertThat(cutOff.status()).isEqualTo(RunStatus.FAILED);
			assertThat(cutOff.error()).contains("interrupted");
			assertThat(runs.runs("ada", "induction-ablation", run.version())).extracting(RunRecord::id)
				.containsExactly(succeeded, interrupted);

			ArtifactStore artifacts = server.getBean(ArtifactStore.class);
			StoredArtifact pattern = artifacts.get(artifact(run, "steps/pattern.json").sha256()).orElseThrow();
			assertThat(ArtifactStore.sha256(pattern.content())).isEqualTo(pattern.ref().sha256());
			JsonNode patternJson = ExperimentRunner.JSON.readTree(pattern.content());
			JsonNode plotJson = ExperimentRunner.JSON
				.readTree(artifacts.get(artifact(run, "plots/0-attention.json").sha256()).orElseThrow().content());
			// The plot draws exactly the pattern the step returned.
			assertThat(plotJson.findValue("values")).isEqualTo(patternJson.get("pattern"));
			BufferedImage png = ImageIO.read(new ByteArrayInputStream(
					artifacts.get(artifact(run, "plots/0-attention.png").sha256()).orElseThrow().content()));
			assertThat(png.getWidth()).isEqualTo(800);
			assertThat(
					new String(artifacts.get(artifact(run, "plots/0-attention.svg").sha256()).orElseThrow().content(),
							StandardCharsets.UTF_8))
				.startsWith("<svg");
			assertThat(artifacts.get(small.sha256()).orElseThrow().content())
				.isEqualTo("{\"small\": true}".getBytes(StandardCharsets.UTF_8));
			assertThat(artifacts.get(large.sha256()).orElseThrow().content()).isEqualTo(largeBytes);
			assertThat(artifacts.get("0".repeat(64))).isEmpty();

			assertThat(server.getBean(ExperimentVersionStore.class).versions("ada", "induction-ablation")).hasSize(1);
		}
	}

	@Test
	void concurrentRunsReplaysDiffsAndRefusals() throws Exception {
		Path data = ItDirectories.fresh("experiment-runs-concurrent-postgres");
		try (ConfigurableApplicationContext server = BenchServer.start(data, BundledModels.directory(),
				Map.of("arrakis.bench.artifacts-dir", ItDirectories.fresh("experiment-runs-concurrent").toString()))) {
			ExperimentRunService service = server.getBean(ExperimentRunService.class);
			ExperimentRunStore runs = server.getBean(ExperimentRunStore.class);
			ExperimentDefinition definition = DefinitionJson.read(DEFINITION);

			ExecutorService pool = Executors.newFixedThreadPool(2);
			List<RunRecord> both;
			try {
				Callable<RunRecord> call = () -> service.run("grace", definition, null);
				both = pool.invokeAll(List.of(call, call)).stream().map(ExperimentRunsIT::get).toList();
			}
			finally {
				pool.shutdown();
			}
			assertThat(both).extracting(RunRecord::status).containsOnly(RunStatus.SUCCEEDED);
			assertThat(both.get(0).version()).isEqualTo(both.get(1).version());
			assertThat(runs.runs("grace", "induction-ablation", both.get(0).version())).extracting(RunRecord::id)
				.containsExactlyInAnyOrder(both.get(0).id(), both.get(1).id());
			RunDiff same = service.diffRuns(both.get(0).id(), both.get(1).id(), Tolerance.EXACT);
			assertThat(same.definition().equal()).isTrue();
			assertThat(same.manifest().equal()).isTrue();
			assertThat(same.results().equal()).isTrue();
			assertThat(same.results().numbersCompared()).isGreaterThan(1600);
			assertThat(same.metrics().equal()).isTrue();

			RunRecord replay = service.replay("grace", "induction-ablation", both.get(0).version(), "tiny-gpt2-bytes");
			assertThat(replay.status()).isEqualTo(RunStatus.SUCCEEDED);
			assertThat(replay.replay()).isTrue();
			assertThat(replay.model()).isEqualTo("tiny-gpt2-bytes");
			assertThat(replay.version()).isEqualTo(both.get(0).version());
			assertManifest(replay.manifest(), "tiny-gpt2-bytes", 7);
			RunDiff across = service.diffRuns(both.get(0).id(), replay.id(), new Tolerance(1e-6, 1e-6));
			assertThat(across.definition().equal()).isTrue();
			// Both bundled models are GPT-2s with the same byte-level tokenizer.
			assertThat(across.manifest().differences()).extracting(Difference::path)
				.containsExactlyInAnyOrder("model", "modelSha256");
			assertThat(across.results().equal()).isFalse();
			assertThat(across.metrics().differences()).extracting(Difference::path).contains("clean");

			ExperimentDefinition edited = DefinitionJson
				.read(DEFINITION.replace("\"kind\": \"induction\"", "\"kind\": \"previous_token\""));
			RunRecord editedRun = service.run("grace", edited, both.get(0).version());
			DiffReport versions = service.diffVersions("grace", "induction-ablation", both.get(0).version(),
					editedRun.version());
			assertThat(versions.differences()).singleElement().satisfies((difference) -> {
				assertThat(difference.path()).isEqualTo("steps[0].params.kind");
				assertThat(difference.left().asString()).isEqualTo("induction");
				assertThat(difference.right().asString()).isEqualTo("previous_token");
			});

			assertThatThrownBy(() -> service.run("grace", DefinitionJson.read("""
					{"name": "broken", "model": {"name": "tiny-induction-2l"}, "inputs": {},
					 "steps": [{"id": "s", "tool": "attention", "method": "nope", "params": {}}],
					 "metrics": {"m": "loss"}}
					"""), null)).isInstanceOfSatisfying(InvalidDefinitionProblem.class,
					(ex) -> assertThat(ex.problems()).extracting((p) -> p.path())
						.containsExactlyInAnyOrder("inputs", "steps[0].method", "metrics.m"));
			ExperimentVersionStore versionStore = server.getBean(ExperimentVersionStore.class);
			assertThat(versionStore.versions("grace", "broken")).isEmpty();
			assertThatThrownBy(() -> versionStore.version("grace", "nothing", "0".repeat(64)))
				.isInstanceOf(UnknownExperimentException.class)
				.hasMessageContaining("no experiment named 'nothing'")
				.hasMessageContaining("induction-ablation");
			assertThatThrownBy(() -> versionStore.version("grace", "induction-ablation", "f".repeat(64)))
				.isInstanceOf(UnknownVersionException.class)
				.hasMessageContaining(both.get(0).version());
			assertThatThrownBy(() -> runs.run(UUID.randomUUID())).isInstanceOf(UnknownRunException.class);
			assertThatThrownBy(() -> service.run("grace",
					DefinitionJson.read(DEFINITION.replace("\"name\": \"tiny-induction-2l\"",
							"\"name\": \"tiny-induction-2l\", \"weightsHash\": \"abc\"")),
					null))
				.isInstanceOfSatisfying(InvalidDefinitionProblem.class,
						(ex) -> assertThat(ex.problems()).extracting((p) -> p.path())
							.containsExactly("model.weightsHash"));
		}
	}

	private static void assertManifest(JsonNode manifest, String model, long seed) {
		ModelFingerprint fingerprint = ModelFingerprint.of(BundledModels.directory().resolve(model));
		assertThat(manifest.get("model").asString()).isEqualTo(model);
		assertThat(manifest.get("modelSha256").asString()).isEqualTo(fingerprint.modelSha256());
		assertThat(manifest.get("tokenizerSha256").asString()).isEqualTo(fingerprint.tokenizerSha256());
		assertThat(manifest.get("dtype").asString()).isEqualTo("float32");
		assertThat(manifest.get("device").asString()).isEqualTo("cpu");
		assertThat(manifest.get("seed").asLong()).isEqualTo(seed);
		assertThat(manifest.get("serverVersion").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
		assertThat(manifest.get("djlVersion").asString()).isEqualTo("0.36.0");
		assertThat(manifest.get("engine").asString()).isEqualTo("PyTorch 2.7.1");
	}

	private static ArtifactRef artifact(RunRecord run, String name) {
		return run.artifacts()
			.stream()
			.filter((artifact) -> artifact.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("run has no artifact " + name + ": " + run.artifacts()))
			.ref();
	}

	private static double directInductionScore() throws Exception {
		try (HookedAutoModel model = HookedAutoModel.load(BundledModels.directory().resolve("tiny-induction-2l"),
				new LoadOptions(DType.FLOAT32, "cpu"))) {
			HeadScores scores = new AttentionTools(model).detectHeads(TOKENS, HeadDetector.INDUCTION);
			return scores.scores()[1][0];
		}
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
