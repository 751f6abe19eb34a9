package dev.arrakis.bench.definition;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.ToolRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionValidatorTest {

	private static HookedAutoModel model;

	private static DefinitionValidator validator;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		validator = DefinitionValidator.forRegistry(ToolRegistry.standard(), model);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void aValidMultiStepDefinitionWithReferencesPasses() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": "induction heads", "model": {"name": "tiny-induction-2l"},
				 "inputs": {"tokens": [[65, 66, 67, 65, 66, 67]]},
				 "steps": [
				   {"id": "detect", "tool": "attention", "method": "detect_heads",
				    "params": {"tokens": [65, 66, 67, 65, 66, 67], "kind": "induction"}},
				   {"id": "pattern", "tool": "attention", "method": "attention_pattern",
				    "params": {"tokens": [65, 66, 67, 65, 66, 67], "layer": 1, "head": "${detect.top.head}"}},
				   {"id": "ablate", "tool": "attention", "method": "merge_heads",
				    "params": {"tokens": "${detect.tokens}", "layer": 1, "head1": 0, "head2": 1, "alpha": 1,
				               "metric": "loss"}},
				   {"id": "lens", "tool": "logit_lens", "method": "logit_lens",
				    "params": {"tokens": [65, "${pattern.argmax}"], "topK": 3}}
				 ]}
				""");
		assertThat(validator.validate(definition)).isEmpty();
	}

	@Test
	void everyProblemIsReportedWithItsPath() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": " ", "model": {"name": "tiny-induction-2l"}, "inputs": {},
				 "steps": [
				   {"id": "s1", "tool": "atention", "method": "detect_heads", "params": {}},
				   {"id": "s2", "tool": "attention", "method": "detect_head", "params": {}},
				   {"id": "s1", "tool": "attention", "method": "detect_heads",
				    "params": {"tokens": [1, "two"], "kind": 3, "layer": 0}},
				   {"id": "s4", "tool": "attention", "method": "attention_pattern",
				    "params": {"tokens": [1, 2], "layer": 1.5, "head": "${s5.top}"}},
				   {"id": "s5", "tool": "attention", "method": "merge_heads",
				    "params": {"tokens": [[1]], "layer": 1, "head1": "${ghost.x}", "head2": "${s5}", "alpha": "half",
				               "metric": 1}},
				   {"id": "", "tool": "logit_lens", "method": "logit_lens",
				    "params": {"tokens": [1], "topK": 3000000000, "reference": [[1, 2], 3]}}
				 ]}
				""");

		List<Problem> problems = validator.validate(definition);

		assertThat(problems).extracting(Problem::path)
			.containsExactlyInAnyOrder("name", "inputs", "steps[2].id", "steps[5].id", "steps[0].tool",
					"steps[1].method", "steps[2].params.tokens", "steps[2].params.kind", "steps[2].params.layer",
					"steps[3].params.layer", "steps[3].params.head", "steps[4].params.tokens", "steps[4].params.head1",
					"steps[4].params.head2", "steps[4].params.alpha", "steps[4].params.metric", "steps[5].params.topK",
					"steps[5].params.reference");
		assertThat(reason(problems, "steps[0].tool")).contains("unknown tool 'atention'")
			.contains(ToolRegistry.standard().keys().toString());
		assertThat(reason(problems, "steps[1].method")).contains("detect_heads").contains("attention_pattern");
		assertThat(reason(problems, "steps[2].id")).contains("duplicate step id 's1'").contains("steps[0]");
		assertThat(reason(problems, "steps[2].params.layer")).contains("unknown parameter").contains("[tokens, kind]");
		assertThat(reason(problems, "steps[3].params.head")).contains("does not run before this one");
		assertThat(reason(problems, "steps[4].params.head1")).contains("unknown step 'ghost'");
		assertThat(reason(problems, "steps[4].params.head2")).contains("does not run before this one");
		assertThat(reason(problems, "steps[3].params.layer")).contains("not a int");
	}

	@Test
	void decomposerProblemsAreFound() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": "d", "model": {"name": "m"}, "inputs": {"dataset": "pile-10k"},
				 "steps": [{"id": "s1", "tool": "decomposer", "method": "accumulated_residual",
				            "params": {"applyFinalNorm": "yes", "tokens": "${s1"}}]}
				""");
		List<Problem> problems = validator.validate(definition);
		assertThat(problems).extracting(Problem::path)
			.contains("steps[0].params.applyFinalNorm", "steps[0].params.tokens");
	}

	@Test
	void anEmptyDefinitionReportsNameModelInputsAndSteps() {
		assertThat(validator.validate(DefinitionJson.read("{}"))).extracting(Problem::path)
			.containsExactly("name", "model.name", "inputs", "steps");
	}

	@Test
	void aMissingRequiredParameterIsNamed() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": "d", "model": {"name": "m"}, "inputs": {"prompts": ["hi"]},
				 "steps": [{"id": "s1", "tool": "attention", "method": "attention_pattern", "params": {"layer": 0}}]}
				""");
		assertThat(validator.validate(definition)).extracting(Problem::path)
			.containsExactlyInAnyOrder("steps[0].params.tokens", "steps[0].params.head");
		assertThat(reason(validator.validate(definition), "steps[0].params.head"))
			.contains("missing required parameter");
	}

	@Test
	void inputsMetricsAndCodeAreChecked() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": "d", "model": {"name": "m"}, "inputs": {"tokens": [[1, 2], []]},
				 "steps": [{"id": "inputs", "tool": "attention", "method": "attention_pattern",
				            "params": {"tokens": "${inputs.tokens.0}", "layer": 0, "head": 0}},
				           {"id": "s2", "tool": "attention", "method": "attention_pattern",
				            "params": {"tokens": "${inputs.prompts}", "layer": 0, "head": 0}}],
				 "metrics": {"ok": "${s2.pattern.0.0}", "text": "loss", "ghost": "${nope.x}"},
				 "code": {"className": "Probe"}}
				""");

		List<Problem> problems = validator.validate(definition);

		assertThat(problems).extracting(Problem::path)
			.containsExactlyInAnyOrder("code", "inputs.tokens[1]", "steps[0].id", "steps[1].params.tokens",
					"metrics.text", "metrics.ghost");
		assertThat(reason(problems, "steps[0].id")).contains("reserved");
		assertThat(reason(problems, "steps[1].params.tokens")).contains("${inputs.tokens.N}");
		assertThat(reason(problems, "metrics.ghost")).contains("unknown step 'nope'");
	}

	@Test
	void aCodeExperimentNeedsNoSteps() {
		ExperimentDefinition definition = DefinitionJson.read("""
				{"name": "d", "model": {"name": "m"}, "inputs": {"tokens": [[1, 2]]},
				 "code": {"className": "Probe", "bytecodeSha256": "ab", "description": "probe layer 1"}}
				""");
		assertThat(validator.validate(definition)).isEmpty();
	}

	private static String reason(List<Problem> problems, String path) {
		return problems.stream().filter((problem) -> problem.path().equals(path)).findFirst().orElseThrow().reason();
	}

}
