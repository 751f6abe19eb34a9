package dev.arrakis.tools.composition;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ground truth on tiny-induction-2l, whose heads the attention detectors identify: the
 * induction heads of layer 1 read the previous-token heads of layer 0 through their keys
 * (K-composition), they copy (positive OV eigenvalues), and the virtual head of a
 * previous-token head followed by an induction head attends to earlier copies of the
 * current token.
 */
class InductionCompositionTest {

	/** 40 random printable bytes, then the same 40 again. */
	private static final long[] REPEATED = TestSequences.repeatedRandom(40, 7);

	private static HookedAutoModel model;

	private static List<Integer> previousTokenHeads;

	private static List<Integer> inductionHeads;

	@BeforeAll
	static void loadAndDetect() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		AttentionTools attention = new AttentionTools(model);
		// Previous-token heads put most of their attention one back; an induction head
		// can
		// score at most 0.5 here (only the repeated half has matches).
		previousTokenHeads = heads(attention.detectHeads(REPEATED, HeadDetector.PREVIOUS_TOKEN), 0, 0.9f);
		inductionHeads = heads(attention.detectHeads(REPEATED, HeadDetector.INDUCTION), 1, 0.4f);
		assertThat(previousTokenHeads).isNotEmpty();
		assertThat(inductionHeads).isNotEmpty();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void inductionHeadsReadPreviousTokenHeadsThroughTheirKeys(boolean foldLayerNorm) {
		CompositionTool tool = new CompositionTool(model);
		CompositionScores k = tool.compositionScores(CompositionKind.K, foldLayerNorm, 100, 1);
		CompositionScores q = tool.compositionScores(CompositionKind.Q, foldLayerNorm, 0, 0);
		double best = Double.NEGATIVE_INFINITY;
		for (int reader : inductionHeads) {
			int strongest = 0;
			for (int writer = 1; writer < model.config().nHeads(); writer++) {
				if (k.score(0, writer, 1, reader) > k.score(0, strongest, 1, reader)) {
					strongest = writer;
				}
			}
			assertThat(previousTokenHeads).as("the layer-0 head composing most into L1H%d's keys", reader)
				.contains(strongest);
			for (int writer : previousTokenHeads) {
				assertThat(k.score(0, writer, 1, reader)).as("K vs Q composition of L0H%d>L1H%d", writer, reader)
					.isGreaterThan(q.score(0, writer, 1, reader));
				best = Math.max(best, k.adjusted()[0][writer][1][reader]);
			}
		}
		assertThat(k.baseline()).isPositive();
		assertThat(best).as("best previous-token > induction K-composition, minus the baseline").isPositive();
	}

	@Test
	void inductionHeadsCopyAndLayerZeroHeadsDoNot() {
		CompositionTool tool = new CompositionTool(model);
		double layerZero = Double.NEGATIVE_INFINITY;
		for (int head = 0; head < model.config().nHeads(); head++) {
			layerZero = Math.max(layerZero, tool.circuit(0, head, CircuitKind.OV).copyingScore());
		}
		for (int head : inductionHeads) {
			assertThat(tool.circuit(1, head, CircuitKind.OV).copyingScore()).as("L1H%d", head)
				.isGreaterThan(0.5)
				.isGreaterThan(layerZero);
		}
	}

	@Test
	void theVirtualHeadOfPreviousTokenThenInductionAttendsToEarlierCopiesOfTheToken() {
		CompositionTool tool = new CompositionTool(model);
		AttentionTools attention = new AttentionTools(model);
		int writer = previousTokenHeads.get(0);
		int reader = inductionHeads.get(0);
		VirtualHead virtual = tool.virtualHead(REPEATED, 0, writer, 1, reader);
		assertThat(virtual.label()).isEqualTo("L0H%d>L1H%d".formatted(writer, reader));
		float[][] first = attention.pattern(REPEATED, 0, writer).pattern();
		float[][] second = attention.pattern(REPEATED, 1, reader).pattern();
		int length = REPEATED.length;
		double duplicateMass = 0;
		for (int query = 0; query < length; query++) {
			double rowSum = 0;
			for (int key = 0; key < length; key++) {
				double expected = 0;
				for (int middle = 0; middle < length; middle++) {
					expected += (double) second[query][middle] * first[middle][key];
				}
				assertThat((double) virtual.pattern()[query][key]).as("[%d, %d]", query, key)
					.isCloseTo(expected, within(1e-6));
				rowSum += virtual.pattern()[query][key];
				if (query >= 40 && key < query && REPEATED[key] == REPEATED[query]) {
					duplicateMass += virtual.pattern()[query][key];
				}
			}
			assertThat(rowSum).as("row %d", query).isCloseTo(1.0, within(1e-5));
		}
		// The induction head looks at the token after the earlier copy, the
		// previous-token
		// head one back from there: the earlier copy itself.
		assertThat(duplicateMass / 40).isGreaterThan(0.8);
		MaterialisedCircuits circuits = new MaterialisedCircuits(model, false);
		RealMatrix product = circuits.ov(0, writer).multiply(circuits.ov(1, reader));
		double[] expected = new SingularValueDecomposition(product).getSingularValues();
		double scale = product.getFrobeniusNorm();
		assertThat(virtual.ovSingularValues()).hasSize(model.config().dHead());
		for (int i = 0; i < virtual.ovSingularValues().length; i++) {
			assertThat(virtual.ovSingularValues()[i]).isCloseTo(expected[i], within(1e-9 * scale));
		}
		assertThat(virtual.vComposition()).isCloseTo(
				tool.compositionScores(CompositionKind.V, false, 0, 0).score(0, writer, 1, reader), within(2e-5));
	}

	/** The heads of {@code layer} scoring above {@code threshold}. */
	private static List<Integer> heads(HeadScores scores, int layer, float threshold) {
		List<Integer> heads = new ArrayList<>();
		for (int head = 0; head < scores.scores()[layer].length; head++) {
			if (scores.score(layer, head) > threshold) {
				heads.add(head);
			}
		}
		return heads;
	}

}
