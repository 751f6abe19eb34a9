package dev.arrakis.tools.composition;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.ToolMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The batched composition scores and the circuit spectra equal the same quantities
 * computed on materialised d_model x d_model matrices, on a multi-head (gpt2), a
 * grouped-query (llama, qwen2) and a multi-query (gemma) model; bad input is refused by
 * name.
 */
class CompositionToolTest {

	/** Float32 batched arithmetic against double references. */
	private static final double TOLERANCE = 2e-5;

	@ParameterizedTest
	@CsvSource({ "gpt2, true", "gpt2, false", "llama, true", "llama, false", "qwen2, true", "gemma, false" })
	void batchedScoresEqualTheMaterialisedDefinition(String architecture, boolean foldLayerNorm)
			throws IOException, URISyntaxException {
		try (HookedAutoModel model = load(architecture)) {
			CompositionTool tool = new CompositionTool(model);
			MaterialisedCircuits circuits = new MaterialisedCircuits(model, foldLayerNorm);
			int layers = model.config().nLayers();
			int heads = model.config().nHeads();
			for (CompositionKind kind : CompositionKind.values()) {
				CompositionScores scores = tool.compositionScores(kind, foldLayerNorm, 0, 0);
				assertThat(scores.kind()).isEqualTo(kind);
				assertThat(scores.foldLayerNorm()).isEqualTo(foldLayerNorm);
				assertThat(scores.baseline()).isZero();
				assertThat(scores.labels()).hasSize(layers * heads).startsWith("L0H0");
				assertThat(scores.metric()).startsWith(kind + "-composition");
				for (int layer1 = 0; layer1 < layers; layer1++) {
					for (int head1 = 0; head1 < heads; head1++) {
						for (int layer2 = 0; layer2 < layers; layer2++) {
							for (int head2 = 0; head2 < heads; head2++) {
								float score = scores.score(layer1, head1, layer2, head2);
								if (layer1 >= layer2) {
									assertThat(score).isZero();
									continue;
								}
								double expected = materialised(circuits, kind, layer1, head1, layer2, head2);
								assertThat((double) score)
									.as("%s %s L%dH%d>L%dH%d", architecture, kind, layer1, head1, layer2, head2)
									.isCloseTo(expected, within(TOLERANCE))
									.isBetween(0.0, 1.0);
								assertThat(scores.adjusted()[layer1][head1][layer2][head2]).isEqualTo(score);
							}
						}
					}
				}
			}
		}
	}

	@Test
	void foldingChangesTheScoresOfAModelWithNonTrivialGains() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("gpt2")) {
			CompositionTool tool = new CompositionTool(model);
			float[][][][] raw = tool.compositionScores(CompositionKind.K, false, 0, 0).scores();
			float[][][][] folded = tool.compositionScores(CompositionKind.K, true, 0, 0).scores();
			assertThat(folded[0][0][1][0]).isNotEqualTo(raw[0][0][1][0]);
		}
	}

	@Test
	void theBaselineIsSeededAndNearOneOverRootDModelAndAdjustedSubtractsIt() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("gpt2")) {
			CompositionTool tool = new CompositionTool(model);
			CompositionScores scores = tool.compositionScores(CompositionKind.Q, true, 200, 3);
			// Independent standard Gaussian factors: E||X Y||^2 = d^3 r^2 and E||X||^2 =
			// E||Y||^2 = d^2 r, so the score concentrates near 1/sqrt(d).
			assertThat(scores.baseline()).isCloseTo(1 / Math.sqrt(model.config().dModel()),
					within(0.1 / Math.sqrt(model.config().dModel())));
			assertThat(tool.compositionScores(CompositionKind.Q, true, 200, 3).baseline()).isEqualTo(scores.baseline());
			assertThat(tool.compositionScores(CompositionKind.Q, true, 200, 4).baseline())
				.isNotEqualTo(scores.baseline());
			for (int head1 = 0; head1 < model.config().nHeads(); head1++) {
				for (int head2 = 0; head2 < model.config().nHeads(); head2++) {
					assertThat(scores.adjusted()[0][head1][1][head2])
						.isEqualTo((float) (scores.scores()[0][head1][1][head2] - scores.baseline()));
					assertThat(scores.adjusted()[1][head1][0][head2]).isZero();
				}
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "gpt2", "qwen2" })
	void circuitSpectraEqualThoseOfTheMaterialisedCircuit(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = load(architecture)) {
			CompositionTool tool = new CompositionTool(model);
			MaterialisedCircuits circuits = new MaterialisedCircuits(model, false);
			int dHead = model.config().dHead();
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				for (int head = 0; head < model.config().nHeads(); head++) {
					for (CircuitKind kind : CircuitKind.values()) {
						RealMatrix matrix = kind == CircuitKind.QK ? circuits.qk(layer, head)
								: circuits.ov(layer, head);
						CircuitSpectrum spectrum = tool.circuit(layer, head, kind);
						String what = "%s L%dH%d %s".formatted(architecture, layer, head, kind);
						double scale = matrix.getFrobeniusNorm();
						assertThat(spectrum.label()).isEqualTo("L" + layer + "H" + head);
						assertThat(spectrum.kind()).isEqualTo(kind);
						assertThat(spectrum.frobeniusNorm()).as(what).isCloseTo(scale, within(1e-9 * scale));
						double[] expected = new SingularValueDecomposition(matrix).getSingularValues();
						assertThat(spectrum.singularValues()).hasSize(dHead);
						for (int i = 0; i < dHead; i++) {
							assertThat(spectrum.singularValues()[i]).as("%s sigma_%d", what, i)
								.isCloseTo(expected[i], within(1e-9 * scale));
						}
						assertThat(spectrum.eigenvaluesReal()).hasSize(dHead);
						assertThat(spectrum.eigenvaluesImaginary()).hasSize(dHead);
						double trace = 0;
						double imaginary = 0;
						for (int i = 0; i < dHead; i++) {
							trace += spectrum.eigenvaluesReal()[i];
							imaginary += spectrum.eigenvaluesImaginary()[i];
						}
						assertThat(trace).as("%s: sum of eigenvalues = trace", what)
							.isCloseTo(matrix.getTrace(), within(1e-9 * scale));
						assertThat(imaginary).as("%s: conjugate pairs", what).isCloseTo(0, within(1e-9 * scale));
						if (kind == CircuitKind.OV) {
							double moduli = 0;
							for (int i = 0; i < dHead; i++) {
								moduli += Math.hypot(spectrum.eigenvaluesReal()[i], spectrum.eigenvaluesImaginary()[i]);
							}
							assertThat(spectrum.copyingScore()).isNotNull()
								.isCloseTo(matrix.getTrace() / moduli, within(1e-9))
								.isBetween(-1.0, 1.0);
						}
						else {
							assertThat(spectrum.copyingScore()).isNull();
						}
					}
				}
			}
		}
	}

	@Test
	void randomWeightsComposeLikeRandomMatrices() {
		HookedAutoConfig config = HookedAutoConfig.of("gpt2",
				Map.of("n_embd", 128, "n_layer", 4, "n_head", 4, "n_inner", 512, "n_positions", 16, "vocab_size", 64));
		try (HookedAutoModel model = HookedAutoModel.random(config, 1, new LoadOptions(DType.FLOAT32, "cpu"))) {
			CompositionScores scores = new CompositionTool(model).compositionScores(CompositionKind.K, true, 20, 0);
			assertThat(scores.scores()).hasDimensions(4, 4);
			assertThat(scores.scores()[0][0]).hasDimensions(4, 4);
			for (int writer = 0; writer < 4; writer++) {
				for (int reader = 0; reader < 4; reader++) {
					assertThat((double) scores.scores()[1][writer][3][reader]).isCloseTo(scores.baseline(),
							within(0.5 * scores.baseline()));
				}
			}
		}
	}

	@Test
	void badInputIsRefusedNamingTheParameterAndItsRange() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("gpt2")) {
			CompositionTool tool = new CompositionTool(model);
			long[] tokens = { 1, 2, 3 };
			assertThatThrownBy(() -> tool.compositionScores(CompositionKind.Q, true, -1, 0))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("baselineSamples = -1")
				.hasMessageContaining("0..1000");
			assertThatThrownBy(() -> tool.compositionScores(CompositionKind.Q, true, 1001, 0))
				.hasMessageContaining("baselineSamples = 1001");
			assertThatThrownBy(() -> tool.circuit(2, 0, CircuitKind.QK)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("layer = 2")
				.hasMessageContaining("0..1");
			assertThatThrownBy(() -> tool.circuit(0, -1, CircuitKind.OV)).hasMessageContaining("head = -1")
				.hasMessageContaining("0..3");
			assertThatThrownBy(() -> tool.virtualHead(tokens, 1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("layer1 = 1")
				.hasMessageContaining("layer2 = 1")
				.hasMessageContaining("0..0");
			assertThatThrownBy(() -> tool.virtualHead(tokens, 1, 0, 0, 0)).hasMessageContaining("layer2 = 0")
				.hasMessageContaining("1..1");
			assertThatThrownBy(() -> tool.virtualHead(tokens, 0, 0, 2, 0)).hasMessageContaining("layer2 = 2")
				.hasMessageContaining("0..1");
			assertThatThrownBy(() -> tool.virtualHead(tokens, -1, 0, 1, 0)).hasMessageContaining("layer1 = -1");
			assertThatThrownBy(() -> tool.virtualHead(tokens, 0, 4, 1, 0)).hasMessageContaining("head1 = 4")
				.hasMessageContaining("0..3");
			assertThatThrownBy(() -> tool.virtualHead(tokens, 0, 0, 1, 9)).hasMessageContaining("head2 = 9");
			assertThatThrownBy(() -> tool.virtualHead(new long[0], 0, 0, 1, 0))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1");
			int vocab = model.config().dVocab();
			assertThatThrownBy(() -> tool.virtualHead(new long[] { 1, vocab }, 0, 0, 1, 0))
				.hasMessageContaining("tokens[1] = " + vocab)
				.hasMessageContaining("0.." + (vocab - 1));
		}
	}

	@Test
	void everyPublicMethodIsDescribed() throws IOException, URISyntaxException {
		try (HookedAutoModel model = load("gpt2")) {
			CompositionTool tool = new CompositionTool(model);
			assertThat(tool.key()).isEqualTo("composer");
			assertThat(tool.methods()).extracting(ToolMethod::name)
				.containsExactly("composition_scores", "virtual_head", "circuit");
			assertThat(tool.methods().get(0).params()).extracting(p -> p.name())
				.containsExactly("kind", "foldLayerNorm", "baselineSamples", "seed");
			assertThat(tool.methods().get(1).params()).extracting(p -> p.name())
				.containsExactly("tokens", "layer1", "head1", "layer2", "head2");
			assertThat(tool.methods().get(2).params()).extracting(p -> p.name())
				.containsExactly("layer", "head", "kind");
		}
	}

	/** The definition on materialised d_model x d_model matrices, in doubles. */
	private static double materialised(MaterialisedCircuits circuits, CompositionKind kind, int layer1, int head1,
			int layer2, int head2) {
		RealMatrix writer = circuits.ov(layer1, head1);
		RealMatrix reader = kind == CompositionKind.V ? circuits.ov(layer2, head2) : circuits.qk(layer2, head2);
		RealMatrix read = kind == CompositionKind.K ? reader.transpose() : reader;
		return writer.multiply(read).getFrobeniusNorm() / (writer.getFrobeniusNorm() * reader.getFrobeniusNorm());
	}

	static HookedAutoModel load(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths
			.get(CompositionToolTest.class.getClassLoader().getResource("hf-reference/" + architecture).toURI());
		return HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
	}

}
