package dev.arrakis.app.jobs;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.arrakis.app.ArrakisApplication;
import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jobs on a whole server: a job runs to its result, sweeping jobs (an ablation sweep, a
 * patching sweep) show their partial results while they run, a running job is cancelled
 * between forward passes, bad calls are refused before they are queued, and a job cut off
 * by a stop is found interrupted after the restart.
 */
class JobsIT {

	private static final long[] TOKENS = TestSequences.repeatedRandom(10, 4);

	/** Causal tracing with many noise draws: thousands of forward passes. */
	private static final Map<String, Object> LONG_TRACE = Map.of("tokens", toList(TOKENS), "subjectFrom", 1,
			"subjectTo", 3, "targetToken", 65, "noiseScale", 3, "samples", 2000, "seed", 1);

	/**
	 * A mean-ablation sweep over a large reference set: each head's pass averages z over
	 * all of it, so each layer takes long enough to be seen half done.
	 */
	private static final Map<String, Object> SLOW_SWEEP = Map.of("tokens", toList(TOKENS), "kind", "mean", "reference",
			java.util.stream.IntStream.range(0, 512)
				.mapToObj((seed) -> toList(TestSequences.repeatedRandom(10, 100 + seed)))
				.toList());

	/**
	 * Activation patching of every head at every position of 128 tokens on
	 * tiny-gpt2-bytes: 768 patched runs per layer, so each of its 4 layers takes long
	 * enough to be seen done while the next ones run.
	 */
	private static final Map<String, Object> SLOW_PATCH = Map.of("clean", toList(TestSequences.repeatedRandom(64, 21)),
			"corrupted", toList(TestSequences.repeatedRandom(64, 22)), "target", "head_z_by_position");

	@Test
	void jobsRunAreCancelledAreRefusedAndSurviveARestartAsRecords() throws Exception {
		java.nio.file.Path data = ItDirectories.fresh("jobs-postgres");
		UUID cutOff;
		try (ConfigurableApplicationContext server = start(data)) {
			JobService jobs = server.getBean(JobService.class);

			JobView detect = jobs.submit("ada", new JobRequest("tiny-induction-2l", "attention", "detect_heads",
					Map.of("tokens", toList(TOKENS), "kind", "induction")));
			JobView done = await(jobs, detect.id(), (job) -> job.status() == JobStatus.SUCCEEDED);
			assertThat(done.forwardPasses()).isEqualTo(1);
			assertThat(done.startedAt()).isAfterOrEqualTo(done.submittedAt());
			try (HookedAutoModel model = HookedAutoModel.load(BundledModels.directory().resolve("tiny-induction-2l"),
					new LoadOptions(DType.FLOAT32, "cpu"))) {
				float[][] direct = new AttentionTools(model).detectHeads(TOKENS, HeadDetector.INDUCTION).scores();
				assertThat(toFloats(done.result().get("scores"))).isDeepEqualTo(direct);
			}

			// A sweep reports each finished layer while it runs: the first layer's row,
			// then
			// the result whose first row is that same row.
			JobView sweep = jobs.submit("ada",
					new JobRequest("tiny-induction-2l", "attention", "ablation_sweep", SLOW_SWEEP));
			JobView partial = await(jobs, sweep.id(), (job) -> job.partialResult() != null || job.status().ended());
			assertThat(partial.status()).isEqualTo(JobStatus.RUNNING);
			float[][] firstRows = toFloats(partial.partialResult().get("scores"));
			assertThat(firstRows).hasDimensions(1, 4);
			assertThat(partial.partialResult().get("labels").size()).isEqualTo(4);
			JobView swept = await(jobs, sweep.id(), (job) -> job.status().ended());
			assertThat(swept.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(swept.partialResult()).isNull();
			float[][] allRows = toFloats(swept.result().get("scores"));
			assertThat(allRows).hasDimensions(2, 4);
			assertThat(allRows[0]).containsExactly(firstRows[0]);

			// A patching sweep reports its finished layers too: while it runs, the rows
			// so far, which the result then starts with exactly.
			JobView patch = jobs.submit("ada", new JobRequest("tiny-gpt2-bytes", "causal", "patch", SLOW_PATCH));
			JobView patching = await(jobs, patch.id(), (job) -> job.partialResult() != null || job.status().ended());
			assertThat(patching.status()).isEqualTo(JobStatus.RUNNING);
			float[][][] rowsSoFar = toFloatCube(patching.partialResult().get("patched"));
			float[][][] normalisedSoFar = toFloatCube(patching.partialResult().get("normalised"));
			assertThat(rowsSoFar.length).isBetween(1, 3);
			assertThat(patching.partialResult().get("layers").size()).isEqualTo(rowsSoFar.length);
			JobView patched = await(jobs, patch.id(), (job) -> job.status().ended());
			assertThat(patched.status()).isEqualTo(JobStatus.SUCCEEDED);
			float[][][] allPatchedRows = toFloatCube(patched.result().get("patched"));
			assertThat(allPatchedRows).hasDimensions(4, 6);
			assertThat(allPatchedRows[3][5]).hasSize(128);
			assertThat(Arrays.copyOf(allPatchedRows, rowsSoFar.length)).isDeepEqualTo(rowsSoFar);
			assertThat(Arrays.copyOf(toFloatCube(patched.result().get("normalised")), rowsSoFar.length))
				.isDeepEqualTo(normalisedSoFar);
			assertThat(patching.partialResult().get("clean").asDouble())
				.isEqualTo(patched.result().get("clean").asDouble());
			assertThat(patching.partialResult().get("corrupted").asDouble())
				.isEqualTo(patched.result().get("corrupted").asDouble());

			JobView trace = jobs.submit("ada", new JobRequest("tiny-induction-2l", "causal", "trace", LONG_TRACE));
			await(jobs, trace.id(), (job) -> job.status() == JobStatus.RUNNING && job.forwardPasses() > 2);
			assertThatThrownBy(() -> jobs.get("grace", false, trace.id())).isInstanceOf(UnknownJobException.class);
			jobs.cancel("ada", false, trace.id());
			JobView cancelled = await(jobs, trace.id(), (job) -> job.status().ended());
			assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
			assertThat(cancelled.error()).contains("cancelled after");
			assertThat(cancelled.result()).isNull();

			assertThatThrownBy(
					() -> jobs.submit("ada", new JobRequest("tiny-induction-2l", "attention", "detect_head", Map.of())))
				.isInstanceOf(ApiProblemException.class)
				.hasMessageContaining("detect_heads");
			assertThatThrownBy(() -> jobs.submit("ada",
					new JobRequest("tiny-induction-2l", "attention", "detect_heads", Map.of("tokenz", 1))))
				.hasMessageContaining("tokenz");
			assertThatThrownBy(() -> jobs.submit("ada", new JobRequest("nope", "attention", "detect_heads", Map.of())))
				.isInstanceOf(ApiProblemException.class)
				.hasMessageContaining("nope");
			assertThat(jobs.list("ada", 10)).extracting(JobView::id)
				.containsExactly(trace.id(), patch.id(), sweep.id(), detect.id());

			cutOff = jobs.submit("ada", new JobRequest("tiny-induction-2l", "causal", "trace", LONG_TRACE)).id();
			await(jobs, cutOff, (job) -> job.status() == JobStatus.RUNNING);
		}
		try (ConfigurableApplicationContext server = start(data)) {
			JobView interrupted = server.getBean(JobService.class).get("ada", false, cutOff);
			assertThat(interrupted.status()).isEqualTo(JobStatus.INTERRUPTED);
			assertThat(interrupted.error()).contains("server stopped");
			assertThat(interrupted.endedAt()).isNotNull();
		}
	}

	private static JobView await(JobService jobs, UUID id, Predicate<JobView> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		JobView job = jobs.get("ada", false, id);
		while (!condition.test(job)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("job never got there: " + job);
			}
			Thread.sleep(20);
			job = jobs.get("ada", false, id);
		}
		return job;
	}

	private static ConfigurableApplicationContext start(java.nio.file.Path data) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("jobs-it",
					Map.of("server.port", "0", "spring.datasource.url", "", "arrakis.db.data-dir", data.toString(),
							"arrakis.models.dir", BundledModels.directory().toString(),
							"arrakis.security.bootstrap-admin-key", "it-admin-key")));
		return new SpringApplicationBuilder(ArrakisApplication.class).environment(environment).run();
	}

	private static java.util.List<Long> toList(long[] tokens) {
		return Arrays.stream(tokens).boxed().toList();
	}

	private static float[][][] toFloatCube(tools.jackson.databind.JsonNode node) {
		float[][][] values = new float[node.size()][][];
		for (int i = 0; i < values.length; i++) {
			values[i] = toFloats(node.get(i));
		}
		return values;
	}

	private static float[][] toFloats(tools.jackson.databind.JsonNode node) {
		float[][] values = new float[node.size()][];
		for (int i = 0; i < values.length; i++) {
			values[i] = new float[node.get(i).size()];
			for (int j = 0; j < values[i].length; j++) {
				values[i][j] = (float) node.get(i).get(j).asDouble();
			}
		}
		return values;
	}

}
