package dev.arrakis.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.Problem;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.ToolRegistry;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentRunnerTest {

	private static HookedAutoModel model;

	private static ExperimentRunner runner;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		runner = new ExperimentRunner(ToolRegistry.standard().with("arith", ArithmeticTool::new), DatasetSource.NONE);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void referencesPassInputsAndEarlierResultsToLaterSteps() {
		RunOutcome outcome = runner.run(DefinitionJson.read("""
				{"name": "refs", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[3, 4, 5]]},
				 "steps": [
				   {"id": "first", "tool": "arith", "method": "sum", "params": {"items": "${inputs.tokens.0}"}},
				   {"id": "second", "tool": "arith", "method": "sum",
				    "params": {"items": ["${first.total}", "${first.items.-1}", 100]}}],
				 "metrics": {"total": "${second.total}"}}
				"""), model);

		assertThat(outcome.steps()).extracting(StepResult::id).containsExactly("first", "second");
		assertThat(outcome.steps().get(0).result().get("total").asLong()).isEqualTo(12);
		assertThat(outcome.steps().get(1).result().get("total").asLong()).isEqualTo(12 + 5 + 100);
		assertThat(outcome.metrics()).containsExactly(Map.entry("total", 117.0));
	}

	@Test
	void theDefinitionsSeedIsTheDefaultOfEverySeedParameter() {
		String definition = """
				{"name": "seeds", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1]]},
				 "steps": [{"id": "given", "tool": "arith", "method": "seed", "params": {"seed": 3}},
				           {"id": "inherited", "tool": "arith", "method": "seed", "params": {}}]%s}
				""";
		RunOutcome seeded = runner.run(DefinitionJson.read(definition.formatted(", \"seed\": 42")), model);
		RunOutcome unseeded = runner.run(DefinitionJson.read(definition.formatted("")), model);

		assertThat(seeded.steps()).extracting((step) -> step.result().get("seed").asLong()).containsExactly(3L, 42L);
		assertThat(unseeded.steps()).extracting((step) -> step.result().get("seed").asLong()).containsExactly(3L, 0L);
	}

	@Test
	void aRealToolStepGivesTheDirectCallsNumbers() {
		long[] tokens = TestSequences.repeatedRandom(16, 5);
		RunOutcome outcome = runner.run(DefinitionJson.read("""
				{"name": "detect", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [%s]},
				 "steps": [{"id": "d", "tool": "attention", "method": "detect_heads",
				            "params": {"tokens": "${inputs.tokens.0}", "kind": "induction"}}]}
				""".formatted(Arrays.toString(tokens))), model);

		float[][] direct = new AttentionTools(model).detectHeads(tokens, HeadDetector.INDUCTION).scores();
		assertThat(ExperimentRunner.JSON.convertValue(outcome.steps().get(0).result().get("scores"), float[][].class))
			.isDeepEqualTo(direct);
	}

	@Test
	void anInvalidDefinitionIsRefusedWithEveryProblemBeforeAnythingRuns() {
		assertThatThrownBy(() -> runner.run(DefinitionJson.read("""
				{"name": "bad", "model": {"name": "m"}, "inputs": {"dataset": "nowhere"},
				 "steps": [{"id": "s", "tool": "arith", "method": "sum", "params": {"items": "three"}}],
				 "plots": [{"type": "pie"}]}
				"""), model)).isInstanceOfSatisfying(InvalidDefinitionException.class,
				(ex) -> assertThat(ex.problems()).extracting(Problem::path)
					.containsExactlyInAnyOrder("steps[0].params.items", "inputs.dataset", "plots[0].type"));
	}

	@Test
	void aFailingStepNamesItselfAndKeepsTheStepsBeforeIt() {
		assertThatThrownBy(() -> runner.run(DefinitionJson.read("""
				{"name": "fails", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1, 2]]},
				 "steps": [{"id": "ok", "tool": "arith", "method": "sum", "params": {"items": [1]}},
				           {"id": "missing", "tool": "arith", "method": "sum", "params": {"items": ["${ok.nope}"]}}]}
				"""), model)).isInstanceOfSatisfying(StepFailedException.class, (ex) -> {
			assertThat(ex.stepId()).isEqualTo("missing");
			assertThat(ex.getMessage()).contains("no field 'nope'").contains("[total, items]");
			assertThat(ex.completed()).extracting(StepResult::id).containsExactly("ok");
		});
		assertThatThrownBy(() -> runner.run(DefinitionJson.read("""
				{"name": "metric", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[1, 2]]},
				 "steps": [{"id": "ok", "tool": "arith", "method": "sum", "params": {"items": [1]}}],
				 "metrics": {"items": "${ok.items}"}}
				"""), model)).isInstanceOfSatisfying(StepFailedException.class, (ex) -> {
			assertThat(ex.stepId()).isEqualTo("metrics");
			assertThat(ex.getMessage()).contains("metric 'items'").contains("not a number");
		});
	}

	@Test
	void datasetsComeFromJsonAndTextFiles(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("ids.json"), "[[1, 2, 3], [4]]");
		Files.writeString(folder.resolve("prompts.txt"), "ab\n\ncd\n");
		FolderDatasets datasets = new FolderDatasets(folder);

		assertThat(datasets.names()).containsExactly("ids", "prompts");
		assertThat(datasets.tokens("ids", null)).containsExactly(new long[] { 1, 2, 3 }, new long[] { 4 });
		assertThat(datasets.tokens("prompts", model.tokenizer())).containsExactly(model.tokenizer().encode("ab", null),
				model.tokenizer().encode("cd", null));
		assertThatThrownBy(() -> datasets.tokens("../ids", null)).hasMessageContaining("unknown dataset")
			.hasMessageContaining("[ids, prompts]");
		RunOutcome outcome = new ExperimentRunner(ToolRegistry.standard().with("arith", ArithmeticTool::new), datasets)
			.run(DefinitionJson
				.read("""
						{"name": "ds", "model": {"name": "tiny-induction-2l"},
						 "inputs": {"tokens": [[9]], "dataset": "ids"},
						 "steps": [{"id": "s", "tool": "arith", "method": "sum", "params": {"items": "${inputs.tokens.2}"}}]}
						"""),
					model);
		assertThat(outcome.inputs().tokens()).hasSize(3);
		assertThat(outcome.steps().get(0).result().get("total").asLong()).isEqualTo(4);
	}

	/** A tool of the kind users add: sums integers, and reports the seed it was given. */
	static final class ArithmeticTool extends BaseInterpretabilityTool {

		ArithmeticTool(HookedAutoModel model) {
			super(model);
		}

		@Override
		public String key() {
			return "arith";
		}

		@Override
		public String description() {
			return "Sums integers.";
		}

		@Override
		public List<ToolMethod> methods() {
			return List.of(new ToolMethod("sum", "The sum of the items.",
					List.of(ParamSpec.required("items", "int[]", "integers")), new ResultSpec("Sum", "[]", "count")),
					new ToolMethod("seed", "Echoes the seed.",
							List.of(ParamSpec.optional("seed", "long", "0", "random seed")),
							new ResultSpec("Seed", "[]", "seed")));
		}

		@Override
		public Object invoke(String method, Map<String, ?> params) {
			Arguments arguments = Arguments.of(this, method, params);
			return switch (arguments.method()) {
				case "sum" -> new Sum(Arrays.stream(arguments.integers("items")).asLongStream().sum(),
						arguments.integers("items"));
				case "seed" -> new Seed(arguments.longValue("seed"));
				default -> throw arguments.notDispatched();
			};
		}

	}

	record Sum(long total, int[] items) {
	}

	record Seed(long seed) {
	}

}
