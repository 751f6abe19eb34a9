package dev.arrakis.tools;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method of every standard tool, called by name with the sample table's JSON, on
 * every architecture the engine supports (GQA, rotary, parallel residual, fused
 * projections): each returns the record its ResultSpec names, and the model's logits stay
 * bit-identical.
 */
class ToolInvocationOnEveryArchitectureTest {

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodRunsByNameAndLeavesTheModelUnchanged(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		ToolRegistry registry = ToolRegistry.standard();
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"))) {
			float[] before = logits(model);
			for (String row : InvocationSamples.rows()) {
				InterpretabilityTool tool = registry.tool(InvocationSamples.tool(row), model);
				String method = InvocationSamples.method(row);
				Object result = tool.invoke(method, InvocationSamples.params(row));
				String type = tool.methods()
					.stream()
					.filter(m -> m.name().equals(method))
					.findFirst()
					.orElseThrow()
					.result()
					.type();
				assertThat(InvocationSamples.typeName(result)).as("%s on %s", row, architecture).isEqualTo(type);
			}
			assertThat(logits(model)).as("logits after every method").containsExactly(before);
		}
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(InvocationSamples.TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
