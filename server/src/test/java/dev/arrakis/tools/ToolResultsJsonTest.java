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
import dev.arrakis.tools.composition.CircuitKind;
import dev.arrakis.tools.composition.CompositionKind;
import dev.arrakis.tools.composition.CompositionTool;
import dev.arrakis.tools.readwrite.Direction;
import dev.arrakis.tools.readwrite.ReadWriteTool;
import dev.arrakis.tools.residual.LogitAttribution;
import dev.arrakis.tools.residual.LogitLens;
import dev.arrakis.tools.residual.ResidualDecomposer;
import dev.arrakis.tools.residual.ResidualTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool results are plain records: they serialise to strict JSON (no NaN or Infinity
 * tokens) with their labels, their metric and their arrays shaped as declared.
 */
class ToolResultsJsonTest {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private static final long[] TOKENS = TestSequences.repeatedRandom(20, 3);

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

	@Test
	void everyOtherToolsResultsSerialiseToStrictJson() {
		JsonNode lens = roundTrip(new LogitLens(model).run(TOKENS, 3));
		assertThat(lens.get("loss")).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(TOKENS.length - 1));
		JsonNode scores = roundTrip(new CompositionTool(model).compositionScores(CompositionKind.K, true, 2, 0));
		assertThat(scores.get("scores")).hasSize(2);
		assertThat(scores.get("metric").asString()).isNotBlank();
		roundTrip(new CompositionTool(model).circuit(1, 0, CircuitKind.QK));
		roundTrip(new CompositionTool(model).circuit(1, 0, CircuitKind.OV));
		roundTrip(new CompositionTool(model).virtualHead(TOKENS, 0, 0, 1, 0));
		ResidualDecomposer decomposer = new ResidualDecomposer(model);
		roundTrip(decomposer.accumulatedResidual(TOKENS, true));
		JsonNode parts = roundTrip(decomposer.decompose(TOKENS, 1));
		assertThat(parts.get("labels").get(0).asString()).isEqualTo("embed");
		JsonNode dla = roundTrip(new LogitAttribution(model).directLogitAttribution(TOKENS, 30, TOKENS[31]));
		assertThat(dla.get("perHead")).hasSize(2);
		roundTrip(new LogitAttribution(model).logitDifferenceAttribution(TOKENS, 30, TOKENS[31], 65));
		ResidualTools residual = new ResidualTools(model);
		roundTrip(residual.residualNorms(TOKENS));
		roundTrip(residual.residualMovement(TOKENS, 0, 1));
		ReadWriteTool readWrite = new ReadWriteTool(model);
		Direction direction = Direction.token(TOKENS[5]);
		roundTrip(readWrite.writers(direction, 3));
		roundTrip(readWrite.readers(direction, 3));
		roundTrip(readWrite.writesOnInput(TOKENS, direction, 10));
		roundTrip(readWrite.informationFlow(TOKENS, 3, 23));
		roundTrip(readWrite.writeSizes());
	}

	static JsonNode roundTrip(Object result) {
		String json = STRICT.writeValueAsString(result);
		return STRICT.readTree(json);
	}

}
