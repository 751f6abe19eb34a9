package dev.arrakis.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.bench.InterpretabilityBench;
import dev.arrakis.bench.LoggedRun;
import dev.arrakis.bench.VersionRecord;
import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.hypothesis.HypothesisReport;
import dev.arrakis.bench.hypothesis.TestOptions;
import dev.arrakis.bench.profile.Granularity;
import dev.arrakis.bench.profile.Profile;
import dev.arrakis.bench.run.InvalidDefinitionException;
import dev.arrakis.bench.run.RunOutcome;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java API of the bench, recording into the server's PostgreSQL store: logged
 * experiments as versions and runs, tools by key, hypothesis tests with known answers on
 * tiny-induction-2l, profiling.
 */
class InterpretabilityBenchIT {

	private static final int HALF = 20;

	private static ConfigurableApplicationContext server;

	private static HookedAutoModel model;

	private static InterpretabilityBench bench;

	@BeforeAll
	static void start() throws Exception {
		server = BenchServer.start(ItDirectories.fresh("bench-api-postgres"), ItDirectories.fresh("bench-api-models"),
				Map.of());
		model = HookedAutoModel.load(BundledModels.directory().resolve("tiny-induction-2l"),
				new LoadOptions(DType.FLOAT32, "cpu"));
		bench = new InterpretabilityBench(model, server.getBean(PostgresExperimentStore.class), "ada");
	}

	@AfterAll
	static void stop() {
		model.close();
		server.close();
	}

	@Test
	void theSameFunctionIsOneVersionAndEveryCallARun() {
		long[] tokens = TestSequences.repeatedRandom(HALF, 3);
		LoggedRun<HeadScores> first = bench.logExperiment("induction", "induction scores on repeated bytes",
				(tools) -> tools.get("attention", AttentionTools.class).detectHeads(tokens, HeadDetector.INDUCTION));
		LoggedRun<HeadScores> second = bench.logExperiment("induction", "induction scores on repeated bytes",
				(tools) -> tools.get("attention", AttentionTools.class).detectHeads(tokens, HeadDetector.INDUCTION));
		LoggedRun<HeadScores> described = bench.logExperiment("induction", "the same, described anew",
				(tools) -> tools.get("attention", AttentionTools.class).detectHeads(tokens, HeadDetector.INDUCTION));

		assertThat(second.version().sha256()).isEqualTo(first.version().sha256());
		assertThat(second.runId()).isNotEqualTo(first.runId());
		assertThat(described.version().sha256()).isNotEqualTo(first.version().sha256());
		assertThat(bench.listVersions("induction")).extracting(VersionRecord::sha256)
			.containsExactly(first.version().sha256(), described.version().sha256());
		VersionRecord version = bench.getVersion("induction", first.version().sha256());
		assertThat(version.definition()).contains(InterpretabilityBenchIT.class.getName())
			.contains("induction scores on repeated bytes")
			.containsPattern("\"bytecodeSha256\":\"[0-9a-f]{64}\"");
		assertThat(first.result().scores()[1][0]).isGreaterThan(0.3f);
		List<RunRecord> runs = server.getBean(ExperimentRunStore.class)
			.runs("ada", "induction", first.version().sha256());
		assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.SUCCEEDED);
		assertThat(runs).hasSize(2);
		assertThat((float) runs.get(0).steps().get(0).get("result").get("scores").get(1).get(0).asDouble())
			.isEqualTo(first.result().scores()[1][0]);
	}

	@Test
	void aFailingExperimentIsRecordedWithItsErrorAndRethrown() {
		assertThatThrownBy(() -> bench.logExperiment("fails", "asks for layer 9",
				(tools) -> tools.get("attention", AttentionTools.class).pattern(new long[] { 1, 2 }, 9, 0)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("layer");
		String version = bench.listVersions("fails").get(0).sha256();
		RunRecord run = server.getBean(ExperimentRunStore.class).runs("ada", "fails", version).get(0);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.error()).contains("IllegalArgumentException").contains("layer");
	}

	@Test
	void stepDefinitionsRunAndInvalidOnesAreRefusedBeforeAnythingIsRecorded() {
		LoggedRun<RunOutcome> run = bench.logExperiment(DefinitionJson.read("""
				{"name": "lens", "model": {"name": "tiny-induction-2l"}, "inputs": {"prompts": ["abcabc"]},
				 "steps": [{"id": "s", "tool": "attention", "method": "detect_heads",
				            "params": {"tokens": "${inputs.tokens.0}", "kind": "previous_token"}}],
				 "metrics": {"l0h0": "${s.scores.0.0}"}}
				"""), Granularity.COMPONENT);
		assertThat(run.result().metrics()).containsKey("l0h0");
		RunRecord stored = server.getBean(ExperimentRunStore.class).run(java.util.UUID.fromString(run.runId()));
		assertThat(stored.profile().get("granularity").asString()).isEqualTo("COMPONENT");
		assertThat(stored.metrics()).isEqualTo(run.result().metrics());
		assertThatThrownBy(() -> bench.logExperiment(DefinitionJson.read("""
				{"name": "never", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1]]},
				 "steps": [{"id": "s", "tool": "attentoin", "method": "detect_heads", "params": {}}]}
				"""))).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("steps[0].tool");
		assertThat(bench.listVersions("never")).isEmpty();
	}

	@Test
	void toolsAreHandedOutByKey() {
		java.util.Set<String> keys = bench.useTools(List.of("attention", "logit_lens"), (tools) -> tools.keys());
		assertThat(keys).containsExactlyInAnyOrder("attention", "logit_lens");
		assertThatIllegalArgumentException().isThrownBy(() -> bench.useTools(List.of("atention"), (tools) -> 0))
			.withMessageContaining("unknown tool 'atention'")
			.withMessageContaining("logit_lens");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> bench.useTools(List.of("attention"), (tools) -> tools.get("composer")))
			.withMessageContaining("not among these tools");
	}

	@Test
	void repeatedHalvesAreFarEasierThanFreshOnes() {
		List<long[]> repeated = new ArrayList<>();
		List<long[]> fresh = new ArrayList<>();
		for (int seed = 0; seed < 8; seed++) {
			repeated.add(TestSequences.repeatedRandom(HALF, seed));
			fresh.add(freshRandom(2 * HALF, 100 + seed));
		}
		HypothesisReport report = bench.testHypothesis("induction lowers the loss", Metric.loss(HALF, 2 * HALF - 1),
				repeated, fresh, TestOptions.DEFAULTS);

		assertThat(report.rejectNull()).isTrue();
		assertThat(report.pValue()).isLessThan(1e-6);
		assertThat(report.welch().meanDifference()).isLessThan(-1);
		assertThat(report.mannWhitney().effectSize()).isEqualTo(-1.0);
		assertThat(report.bootstrap().upper()).isLessThan(0);
		assertThat(report.a().size()).isEqualTo(8);
	}

	@Test
	void ablatingTheInductionHeadsRaisesTheLossOnEveryInputAndNothingVersusNothingIsNoEffect() {
		List<long[]> inputs = new ArrayList<>();
		for (int seed = 0; seed < 8; seed++) {
			inputs.add(TestSequences.repeatedRandom(HALF, seed));
		}
		HookedAutoModel m = model;
		Hooks ablated = Hooks.none().with(HookName.of(HookPoint.Z, 1), (z, name) -> zeroHeads(z, m, 0, 1, 3));
		Metric metric = Metric.loss(HALF, 2 * HALF - 1);

		HypothesisReport effect = bench.testHypothesis("ablation", metric, inputs, ablated, Hooks.none(),
				TestOptions.DEFAULTS);
		HypothesisReport none = bench.testHypothesis("no ablation", metric, inputs, Hooks.none(), Hooks.none(),
				TestOptions.DEFAULTS);

		assertThat(effect.permutation()).isNotNull();
		assertThat(effect.permutation().exact()).isTrue();
		// All 8 differences are positive: only the identity and the all-flipped sign
		// patterns reach the observed |mean|, 2 of 2^8.
		assertThat(effect.pValue()).isEqualTo(2.0 / 256);
		assertThat(effect.rejectNull()).isTrue();
		assertThat(none.pValue()).isEqualTo(1.0);
		assertThat(none.rejectNull()).isFalse();
	}

	@Test
	void profilingCoversEveryLayer() {
		Profile profile = bench.profile(TestSequences.repeatedRandom(HALF, 1), Granularity.LAYER);
		assertThat(profile.components()).hasSize(model.config().nLayers() + 2);
	}

	private static NDArray zeroHeads(NDArray z, HookedAutoModel model, int... heads) {
		float[] keep = new float[model.config().nHeads()];
		java.util.Arrays.fill(keep, 1f);
		for (int head : heads) {
			keep[head] = 0f;
		}
		return z.mul(z.getManager().create(keep).reshape(1, 1, keep.length, 1));
	}

	private static long[] freshRandom(int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long[] tokens = new long[length];
		for (int i = 0; i < length; i++) {
			tokens[i] = 32 + random.nextInt(95);
		}
		return tokens;
	}

}
