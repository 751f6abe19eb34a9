package dev.arrakis.tools;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.attention.Ablation;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.attention.HeadDetector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool results are plain records: they serialise to strict JSON (no NaN or Infinity
 * tokens) with their labels, their metric and their arrays shaped as declared.
 */
class ToolResultsJsonTest {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private static final long[] TOKENS = InductionCircuitTest.repeatedRandom(20, 3);

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void attentionResultsSerialiseWithLabelsMetricAndShapedArrays() {
		AttentionTools attention = new AttentionTools(model);
		JsonNode scores = roundTrip(attention.detectHeads(TOKENS, HeadDetector.INDUCTION));
		assertThat(scores.get("metric").asString()).startsWith("induction");
		assertThat(scores.get("labels")).hasSize(8);
		assertThat(scores.get("scores")).hasSize(2).allSatisfy(layer -> assertThat(layer).hasSize(4));
		JsonNode effect = roundTrip(
				attention.ablateHeads(TOKENS, List.of(new Head(1, 0)), Ablation.ZERO, List.of(), Metric.loss()));
		assertThat(effect.get("heads").get(0).asString()).isEqualTo("L1H0");
		assertThat(effect.get("effect").isNumber()).isTrue();
		JsonNode pattern = roundTrip(attention.pattern(TOKENS, 0, 0));
		assertThat(pattern.get("pattern")).hasSize(TOKENS.length);
	}

	static JsonNode roundTrip(Object result) {
		String json = STRICT.writeValueAsString(result);
		return STRICT.readTree(json);
	}

}
