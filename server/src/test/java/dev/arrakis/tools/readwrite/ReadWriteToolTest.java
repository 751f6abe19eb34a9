package dev.arrakis.tools.readwrite;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ground truth on tiny-induction-2l (a 2-layer byte-level model with a textbook induction
 * circuit) and closed forms of the weight-based scores, plus bad input.
 */
class ReadWriteToolTest {

	/** 40 random printable bytes, then the same 40 again. */
	private static final long[] REPEATED = TestSequences.repeatedRandom(40, 7);

	private static HookedAutoModel model;

	private static ReadWriteTool tool;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		tool = new ReadWriteTool(model);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void previousTokenHeadsMoveEachTokenOnePositionForwardInLayerZero() {
		List<Integer> previous = headsAbove(
				new AttentionTools(model).detectHeads(REPEATED, HeadDetector.PREVIOUS_TOKEN), 0, 0.5f);
		assertThat(previous).isNotEmpty();
		for (int position : new int[] { 5, 20, 39, 45, 60, 79 }) {
			InformationFlow flow = tool.informationFlow(REPEATED, position - 1, position);
			assertLargestAmongLayer(flow.attention()[0], previous, "layer 0, %d -> %d", position - 1, position);
		}
	}

	@Test
	void inductionHeadsReadTheTokenAfterTheFirstOccurrenceInLayerOne() {
		// Only the 40 repeated queries have an induction target, so 0.5 is a head's
		// maximum score.
		List<Integer> induction = headsAbove(new AttentionTools(model).detectHeads(REPEATED, HeadDetector.INDUCTION), 1,
				0.25f);
		assertThat(induction).isNotEmpty();
		for (int position : new int[] { 41, 50, 65, 79 }) {
			InformationFlow flow = tool.informationFlow(REPEATED, position - 39, position);
			assertLargestAmongLayer(flow.attention()[1], induction, "layer 1, %d -> %d", position - 39, position);
		}
	}

	/**
	 * For d a row of W_O^h, the head's write score is ||W_O^h d|| / ||W_O^h||_F, and no
	 * other head writes as much of its output space along d; for d = W_out[n], neuron n
	 * is the top writer with cos 1.
	 */
	@Test
	void writersOfAHeadsOwnOutputRowFindThatHead() {
		HookedAutoConfig config = model.config();
		for (int layer = 0; layer < config.nLayers(); layer++) {
			for (int head = 0; head < config.nHeads(); head++) {
				double[][] output = outputWeights(layer, head);
				double[] row = output[largestRow(output)];
				WriterScores writers = tool.writers(Direction.of("W_O row", toFloats(row)), 1);
				double[] unit = unit(row);
				double along = 0;
				double total = 0;
				for (double[] outputRow : output) {
					along += Math.pow(dot(outputRow, unit), 2);
					total += dot(outputRow, outputRow);
				}
				float expected = (float) Math.sqrt(along / total);
				float score = writers.heads()[layer][head];
				assertThat(score).as("L%dH%d", layer, head).isCloseTo(expected, Offset.offset(1e-5f));
				for (int l = 0; l < config.nLayers(); l++) {
					for (int h = 0; h < config.nHeads(); h++) {
						assertThat(writers.heads()[l][h]).as("L%dH%d against L%dH%d", l, h, layer, head)
							.isLessThanOrEqualTo(score);
					}
				}
			}
		}
		float[] neuronOutput = weight("blocks.0.mlp.W_out")[17];
		NeuronScore top = tool.writers(Direction.of("W_out[17]", neuronOutput), 3).topNeurons()[0][0];
		assertThat(top.label()).isEqualTo("L0N17");
		assertThat(top.value()).isCloseTo(1f, Offset.offset(1e-5f));
	}

	/**
	 * LayerNorm removes the mean, so nothing reads the all-ones direction; for r = w_ln2
	 * * W_in[:, n] and d the centred r, neuron n reads ||P r|| / ||r|| (P the centring).
	 */
	@Test
	void readersSeeOnlyWhatLayerNormLetsThrough() {
		float[] ones = new float[model.config().dModel()];
		Arrays.fill(ones, 1f);
		ReaderScores none = tool.readers(Direction.of("ones", ones), 2);
		for (float[][] scores : new float[][][] { none.query(), none.key(), none.value() }) {
			for (float[] layer : scores) {
				for (float score : layer) {
					assertThat(score).isCloseTo(0f, Offset.offset(1e-6f));
				}
			}
		}
		assertThat(none.topNeurons()[1][0].value()).isCloseTo(0f, Offset.offset(1e-6f));
		assertThat(none.topGateNeurons()[0]).isEmpty();

		int neuron = 42;
		float[] gain = weight("blocks.1.ln2.w")[0];
		float[][] input = weight("blocks.1.mlp.W_in");
		double[] read = new double[gain.length];
		for (int d = 0; d < gain.length; d++) {
			read[d] = (double) gain[d] * input[d][neuron];
		}
		double[] centred = centred(read);
		NeuronScore top = tool.readers(Direction.of("L1N42 read", toFloats(centred)), 1).topNeurons()[1][0];
		assertThat(top.label()).isEqualTo("L1N42");
		assertThat(top.value()).isCloseTo((float) Math.sqrt(dot(centred, centred) / dot(read, read)),
				Offset.offset(1e-5f));
	}

	@Test
	void describesEveryMethod() {
		assertThat(tool.key()).isEqualTo("write_read");
		assertThat(tool.methods()).extracting(ToolMethod::name)
			.containsExactly("writers", "readers", "writes_on_input", "information_flow", "write_sizes");
		assertThat(tool.methods()).allSatisfy(method -> {
			assertThat(method.description()).isNotBlank();
			assertThat(method.params()).allSatisfy(param -> assertThat(param.unit()).isNotBlank());
			assertThat(method.result().shape()).startsWith("[");
		});
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		Direction good = Direction.token(65);
		assertThatThrownBy(() -> tool.writers(Direction.token(256), 3)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("tokenId = 256")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> tool.readers(Direction.difference(3, -1), 3)).hasMessageContaining("otherTokenId = -1")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> tool.writers(Direction.difference(3, 3), 3)).hasMessageContaining("is zero");
		assertThatThrownBy(() -> tool.writers(Direction.of("short", new float[5]), 3)).hasMessageContaining("length 5")
			.hasMessageContaining("d_model = 128");
		assertThatThrownBy(() -> tool.readers(Direction.of("zero", new float[128]), 3)).hasMessageContaining("zero");
		float[] notFinite = new float[128];
		notFinite[3] = Float.NaN;
		assertThatThrownBy(() -> tool.writers(Direction.of("nan", notFinite), 3)).hasMessageContaining("non-finite");
		assertThatThrownBy(() -> tool.writers(good, 0)).hasMessageContaining("topK = 0").hasMessageContaining("1..512");
		assertThatThrownBy(() -> tool.readers(good, 513)).hasMessageContaining("topK = 513")
			.hasMessageContaining("1..512");
		assertThatThrownBy(() -> tool.writesOnInput(REPEATED, good, 3, 0)).hasMessageContaining("topK = 0");
		assertThatThrownBy(() -> tool.writesOnInput(new long[0], good, 0)).hasMessageContaining("tokens")
			.hasMessageContaining("at least 1");
		assertThatThrownBy(() -> tool.writesOnInput(new long[] { 65, 300 }, good, 0))
			.hasMessageContaining("tokens[1] = 300")
			.hasMessageContaining("0..255");
		assertThatThrownBy(() -> tool.writesOnInput(REPEATED, good, 80)).hasMessageContaining("position = 80")
			.hasMessageContaining("0..79");
		assertThatThrownBy(() -> tool.informationFlow(REPEATED, 10, 5)).hasMessageContaining("sourcePosition = 10")
			.hasMessageContaining("destinationPosition = 5")
			.hasMessageContaining("0..5");
		assertThatThrownBy(() -> tool.informationFlow(REPEATED, -1, 5)).hasMessageContaining("sourcePosition = -1")
			.hasMessageContaining("0..79");
		assertThatThrownBy(() -> tool.informationFlow(REPEATED, 0, 80)).hasMessageContaining("destinationPosition = 80")
			.hasMessageContaining("0..79");
		assertThatThrownBy(() -> tool.informationFlow(new long[0], 0, 0)).hasMessageContaining("at least 1");
	}

	private static List<Integer> headsAbove(HeadScores scores, int layer, float threshold) {
		List<Integer> heads = new ArrayList<>();
		for (int head = 0; head < scores.scores()[layer].length; head++) {
			if (scores.score(layer, head) > threshold) {
				heads.add(head);
			}
		}
		return heads;
	}

	private static void assertLargestAmongLayer(float[] attention, List<Integer> heads, String what, Object... args) {
		float weakest = Float.MAX_VALUE;
		float strongestOther = 0;
		for (int head = 0; head < attention.length; head++) {
			if (heads.contains(head)) {
				weakest = Math.min(weakest, attention[head]);
			}
			else {
				strongestOther = Math.max(strongestOther, attention[head]);
			}
		}
		assertThat(weakest).as(what, args).isGreaterThan(strongestOther);
	}

	/** W_O^h as [d_head][d_model]. */
	private static double[][] outputWeights(int layer, int head) {
		HookedAutoConfig config = model.config();
		float[] all = flat("blocks." + layer + ".attn.W_O");
		double[][] output = new double[config.dHead()][config.dModel()];
		for (int i = 0; i < config.dHead(); i++) {
			for (int d = 0; d < config.dModel(); d++) {
				output[i][d] = all[(head * config.dHead() + i) * config.dModel() + d];
			}
		}
		return output;
	}

	/** A 1-D or 2-D weight as rows (a 1-D weight is one row). */
	private static float[][] weight(String name) {
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			NDArray array = model.weight(name, scope.manager()).toType(DataType.FLOAT32, false);
			long[] shape = array.getShape().getShape();
			int columns = (int) shape[shape.length - 1];
			int rows = shape.length == 1 ? 1 : (int) shape[0];
			float[] values = array.toFloatArray();
			float[][] matrix = new float[rows][columns];
			for (int r = 0; r < rows; r++) {
				System.arraycopy(values, r * columns, matrix[r], 0, columns);
			}
			return matrix;
		}
	}

	private static float[] flat(String name) {
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			return model.weight(name, scope.manager()).toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	private static int largestRow(double[][] matrix) {
		int best = 0;
		for (int i = 1; i < matrix.length; i++) {
			if (dot(matrix[i], matrix[i]) > dot(matrix[best], matrix[best])) {
				best = i;
			}
		}
		return best;
	}

	private static double[] centred(double[] vector) {
		double mean = Arrays.stream(vector).average().orElseThrow();
		return Arrays.stream(vector).map(value -> value - mean).toArray();
	}

	private static double[] unit(double[] vector) {
		double norm = Math.sqrt(dot(vector, vector));
		return Arrays.stream(vector).map(value -> value / norm).toArray();
	}

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	private static float[] toFloats(double[] values) {
		float[] floats = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			floats[i] = (float) values[i];
		}
		return floats;
	}

}
