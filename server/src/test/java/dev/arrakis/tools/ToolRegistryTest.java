package dev.arrakis.tools;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.residual.LogitLens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry, the tools' self-descriptions, user tools, and bad input. */
class ToolRegistryTest {

	@Test
	void registryServesTheBuiltToolsUnderTheSeedKeysAndTakesUserTools() throws IOException {
		assertThat(ToolRegistry.SEED_KEYS).hasSize(15).contains("attention", "logit_lens", "write_read", "surgery");
		ToolRegistry standard = ToolRegistry.standard();
		assertThat(standard.keys()).containsExactlyInAnyOrderElementsOf(ToolRegistry.SEED_KEYS);
		try (HookedAutoModel model = tinyModel()) {
			assertThat(standard.tool("attention", model)).isInstanceOf(AttentionTools.class);
			assertThat(standard.tool("k_prober", model).key()).isEqualTo("k_prober");
			ToolRegistry extended = standard.with("custom", CustomTool::new);
			assertThat(extended.tool("custom", model).key()).isEqualTo("custom");
			assertThat(standard.keys()).doesNotContain("custom");
			assertThatThrownBy(() -> standard.tool("lens", model)).hasMessageContaining("No tool 'lens'")
				.hasMessageContaining("[attention, causal, composer, decomposer, feature_viz, k_prober, kg_extractor,");
		}
	}

	@Test
	void everyMethodDescribesItsParametersAndResult() throws IOException {
		try (HookedAutoModel model = tinyModel()) {
			for (String key : ToolRegistry.standard().keys()) {
				InterpretabilityTool tool = ToolRegistry.standard().tool(key, model);
				assertThat(tool.key()).isEqualTo(key);
				assertThat(tool.methods()).isNotEmpty().allSatisfy(method -> {
					assertThat(method.description()).isNotBlank();
					assertThat(method.params()).allSatisfy(param -> {
						assertThat(param.name()).matches("[a-z][A-Za-z0-9]*");
						assertThat(param.unit()).as(param.name()).isNotBlank();
					});
					assertThat(method.params()).extracting(ParamSpec::name).doesNotHaveDuplicates();
					assertThat(method.result().shape()).startsWith("[");
				});
			}
		}
	}

	@Test
	void badInputNamesTheParameterAndItsRange() throws IOException {
		try (HookedAutoModel model = tinyModel()) {
			assertThatThrownBy(
					() -> new AttentionTools(model).detectHeads(new long[] { 1, 300 }, HeadDetector.INDUCTION))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("tokens[1] = 300 is not a token id: valid ids are 0..255");
			assertThatThrownBy(() -> new AttentionTools(model).detectHeads(new long[] { 1 }, HeadDetector.INDUCTION))
				.hasMessageContaining("at least 2 tokens");
			assertThatThrownBy(() -> new LogitLens(model).run(new long[] { 1, 2 }, 0)).hasMessageContaining("topK = 0")
				.hasMessageContaining("1..256");
		}
	}

	private static HookedAutoModel tinyModel() throws IOException {
		return HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	/** What a user writes: a tool of their own on the same base. */
	static final class CustomTool extends BaseInterpretabilityTool {

		CustomTool(HookedAutoModel model) {
			super(model);
		}

		@Override
		public String key() {
			return "custom";
		}

		@Override
		public String description() {
			return "A user's tool.";
		}

		@Override
		public List<ToolMethod> methods() {
			return List.of();
		}

		@Override
		public Object invoke(String method, Map<String, ?> params) {
			throw Arguments.of(this, method, params).notDispatched();
		}

	}

}
