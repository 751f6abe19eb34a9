package dev.arrakis.tools.kg;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ToolMethod;
import dev.arrakis.tools.composition.FactoredMatrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The extractor against references built from the weights alone: singular values of the
 * materialised d_model x d_model W_QK, orthonormal directions that rebuild it, the
 * token-level circuit and the projections as explicit products, and the relation
 * thresholds at their limits; on a multi-head (gpt2) and grouped-query (llama, qwen2)
 * model. Bad input is refused by name.
 */
class KnowledgeGraphExtractorTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 200, 3, 42 };

	@ParameterizedTest
	@CsvSource({ "gpt2, false", "gpt2, true", "llama, false", "llama, true", "qwen2, false", "qwen2, true" })
	void singularValuesAndDirectionsAreThoseOfTheMaterialisedCircuit(String architecture, boolean foldLayerNorm) {
		try (HookedAutoModel model = ExplicitWeights.load(architecture)) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			ExplicitWeights weights = new ExplicitWeights(model, foldLayerNorm);
			int dHead = model.config().dHead();
			for (int layer = 0; layer < model.config().nLayers(); layer++) {
				for (int head = 0; head < model.config().nHeads(); head++) {
					RealMatrix circuit = weights.qk(layer, head);
					double[] expected = new SingularValueDecomposition(circuit).getSingularValues();
					double[] factored = new FactoredMatrix(weights.query(layer, head),
							weights.key(layer, head).transpose())
						.singularValues();
					RelationalSubspaces subspaces = tool.relationalSubspaces(layer, head, dHead, foldLayerNorm);
					assertThat(subspaces.head()).isEqualTo("L" + layer + "H" + head);
					assertThat(subspaces.foldLayerNorm()).isEqualTo(foldLayerNorm);
					assertThat(subspaces.singularValues()).hasSize(dHead);
					double tolerance = 1e-9 * expected[0] + 1e-12;
					for (int i = 0; i < dHead; i++) {
						assertThat(subspaces.singularValues()[i]).as("%s L%dH%d s%d", architecture, layer, head, i)
							.isCloseTo(expected[i], within(tolerance))
							.isCloseTo(factored[i], within(tolerance));
					}
					assertOrthonormal(subspaces.queryDirections(), model.config().dModel());
					assertOrthonormal(subspaces.keyDirections(), model.config().dModel());
					assertRebuilds(circuit, subspaces);
				}
			}
		}
	}

	@Test
	void foldingUsesTheGainSoItChangesTheSpectrumOfAModelWithNonTrivialGains() {
		try (HookedAutoModel model = ExplicitWeights.load("gpt2")) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			double[] raw = tool.relationalSubspaces(0, 0, 2, false).singularValues();
			double[] folded = tool.relationalSubspaces(0, 0, 2, true).singularValues();
			assertThat(folded).isNotEqualTo(raw);
		}
	}

	@ParameterizedTest
	@CsvSource({ "gpt2, false", "gpt2, true", "llama, false", "llama, true", "qwen2, true", "gemma, false" })
	void tokenCircuitIsTheScaledBilinearFormOfTheEmbeddings(String architecture, boolean foldLayerNorm) {
		try (HookedAutoModel model = ExplicitWeights.load(architecture)) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			ExplicitWeights weights = new ExplicitWeights(model, foldLayerNorm);
			long[] queries = { 5, 17, 99 };
			long[] keys = { 3, 5, 200, 42 };
			double scale = model.config().attentionScale();
			int layer = model.config().nLayers() - 1;
			for (int head = 0; head < model.config().nHeads(); head++) {
				TokenCircuit circuit = tool.tokenCircuit(layer, head, queries, keys, foldLayerNorm);
				RealMatrix q = weights.embeddings(queries).multiply(weights.query(layer, head));
				RealMatrix k = weights.embeddings(keys).multiply(weights.key(layer, head));
				RealMatrix expected = q.multiply(k.transpose()).scalarMultiply(scale);
				assertThat(circuit.scores()).hasDimensions(queries.length, keys.length);
				assertThat(circuit.queryTokens()).containsExactly(queries);
				assertThat(circuit.keyTokens()).containsExactly(keys);
				assertThat(circuit.attentionScale()).isEqualTo(scale);
				assertThat(circuit.metric()).contains("pre-softmax").contains("ignored");
				for (int i = 0; i < queries.length; i++) {
					for (int j = 0; j < keys.length; j++) {
						double value = expected.getEntry(i, j);
						assertThat((double) circuit.scores()[i][j]).as("%s head %d [%d, %d]", architecture, head, i, j)
							.isCloseTo(value, within(1e-5 + 1e-5 * Math.abs(value)));
					}
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "llama" })
	void projectionsAreDotProductsWithTheReturnedDirections(String architecture) {
		try (HookedAutoModel model = ExplicitWeights.load(architecture)) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			ExplicitWeights weights = new ExplicitWeights(model, false);
			int layer = model.config().nLayers() - 1;
			int head = model.config().nHeads() - 1;
			int topK = 3;
			RelationalSubspaces subspaces = tool.relationalSubspaces(layer, head, topK, false);
			TokenProjections projections = tool.projectTokens(TOKENS, layer, head, topK);
			assertThat(projections.singularValues()).containsExactly(subspaces.singularValues());
			assertThat(projections.tokenIds()).containsExactly(TOKENS);
			assertThat(projections.querySide()).hasDimensions(topK, TOKENS.length);
			assertThat(projections.keySide()).hasDimensions(topK, TOKENS.length);
			for (int t = 0; t < TOKENS.length; t++) {
				double[] embedding = weights.embedding(TOKENS[t]);
				for (int i = 0; i < topK; i++) {
					double query = dot(embedding, subspaces.queryDirections()[i]);
					double key = dot(embedding, subspaces.keyDirections()[i]);
					assertThat((double) projections.querySide()[i][t]).isCloseTo(query,
							within(1e-6 + 1e-5 * Math.abs(query)));
					assertThat((double) projections.keySide()[i][t]).isCloseTo(key,
							within(1e-6 + 1e-5 * Math.abs(key)));
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "qwen2" })
	void relationsHoldExactlyTheTokensAtOrAboveTheThreshold(String architecture) {
		try (HookedAutoModel model = ExplicitWeights.load(architecture)) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			int topK = 2;
			RelationTypes everything = tool.identifyRelations(TOKENS, 0, 0, topK, 0);
			assertThat(everything.relations()).hasSize(topK);
			for (Relation relation : everything.relations()) {
				assertThat(relation.members()).hasSize(2 * TOKENS.length);
				assertThat(
						relation.members().stream().filter(m -> m.side().equals("query")).map(RelationMember::tokenId))
					.containsExactly(Arrays.stream(TOKENS).boxed().toArray(Long[]::new));
				assertThat(relation.members().stream().filter(m -> m.side().equals("key")).map(RelationMember::index))
					.containsExactly(0, 1, 2, 3, 4, 5, 6);
			}
			RelationTypes nothing = tool.identifyRelations(TOKENS, 0, 0, topK, 1e30);
			assertThat(nothing.relations()).allSatisfy(relation -> assertThat(relation.members()).isEmpty());

			TokenProjections projections = tool.projectTokens(TOKENS, 0, 0, topK);
			double threshold = median(projections.querySide()[0]);
			RelationTypes some = tool.identifyRelations(TOKENS, 0, 0, topK, threshold);
			for (int i = 0; i < topK; i++) {
				Relation relation = some.relations().get(i);
				assertThat(relation.direction()).isEqualTo(i);
				assertThat(relation.singularValue()).isEqualTo(projections.singularValues()[i]);
				assertThat(relation.members()).containsExactlyElementsOf(
						expectedMembers(projections.querySide()[i], projections.keySide()[i], threshold));
			}
		}
	}

	@Test
	void describesEveryMethodAsData() {
		try (HookedAutoModel model = ExplicitWeights.load("gpt2")) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			assertThat(tool.key()).isEqualTo("kg_extractor");
			assertThat(tool.description()).contains("heuristic");
			assertThat(tool.methods()).extracting(ToolMethod::name)
				.containsExactly("relational_subspaces", "token_circuit", "project_tokens", "identify_relations");
			assertThat(tool.methods()).allSatisfy(method -> assertThat(method.description()).contains("heuristic"));
			assertThat(tool.methods().get(0).params()).extracting(ParamSpec::name)
				.containsExactly("layer", "head", "topK", "foldLayerNorm");
			assertThat(tool.methods().get(1).params()).extracting(ParamSpec::name)
				.containsExactly("layer", "head", "queryTokens", "keyTokens", "foldLayerNorm");
			assertThat(tool.methods().get(2).params()).extracting(ParamSpec::name)
				.containsExactly("tokenIds", "layer", "head", "topK");
			assertThat(tool.methods().get(3).params()).extracting(ParamSpec::name)
				.containsExactly("tokenIds", "layer", "head", "topK", "threshold");
		}
	}

	@Test
	void badInputIsRefusedByName() {
		try (HookedAutoModel model = ExplicitWeights.load("llama")) {
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			int layers = model.config().nLayers();
			int heads = model.config().nHeads();
			int dHead = model.config().dHead();
			int vocab = model.config().dVocab();
			assertThatThrownBy(() -> tool.relationalSubspaces(layers, 0, 1, false))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("layer = %d is out of range: valid values are 0..%d", layers, layers - 1);
			assertThatThrownBy(() -> tool.relationalSubspaces(-1, 0, 1, false))
				.hasMessageStartingWith("layer = -1 is out of range");
			assertThatThrownBy(() -> tool.relationalSubspaces(0, heads, 1, false))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("head = %d is out of range: valid values are 0..%d", heads, heads - 1);
			assertThatThrownBy(() -> tool.relationalSubspaces(0, 0, 0, false))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageStartingWith("topK = 0 is out of range: valid values are 1..%d".formatted(dHead));
			assertThatThrownBy(() -> tool.projectTokens(TOKENS, 0, 0, dHead + 1)).hasMessageStartingWith(
					"topK = %d is out of range: valid values are 1..%d".formatted(dHead + 1, dHead));
			assertThatThrownBy(() -> tool.projectTokens(new long[0], 0, 0, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageStartingWith("tokenIds must hold 1..");
			assertThatThrownBy(() -> tool.projectTokens(new long[] { 1, vocab }, 0, 0, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("tokenIds[1] = %d is not a token id: valid ids are 0..%d", vocab, vocab - 1);
			assertThatThrownBy(() -> tool.identifyRelations(new long[] { -3 }, 0, 0, 1, 0.1))
				.hasMessageStartingWith("tokenIds[0] = -3 is not a token id");
			assertThatThrownBy(() -> tool.tokenCircuit(0, 0, new long[0], TOKENS, false))
				.hasMessageStartingWith("queryTokens must hold 1..");
			assertThatThrownBy(() -> tool.tokenCircuit(0, 0, TOKENS, new long[] { vocab + 5 }, false))
				.hasMessageStartingWith("keyTokens[0] = %d is not a token id".formatted(vocab + 5));
			assertThatThrownBy(() -> tool.tokenCircuit(0, heads, TOKENS, TOKENS, false))
				.hasMessageStartingWith("head = %d is out of range".formatted(heads));
			assertThatThrownBy(() -> tool.identifyRelations(TOKENS, 0, 0, 1, -0.5))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("threshold = -0.5 is out of range: valid values are finite and >= 0");
			assertThatThrownBy(() -> tool.identifyRelations(TOKENS, 0, 0, 1, Double.NaN))
				.hasMessageStartingWith("threshold = NaN is out of range");
			assertThatThrownBy(
					() -> tool.identifyRelations(new long[KnowledgeGraphExtractor.MAX_TOKENS + 1], 0, 0, 1, 0.1))
				.hasMessageStartingWith(
						"tokenIds must hold 1..%d tokens".formatted(KnowledgeGraphExtractor.MAX_TOKENS));
		}
	}

	private static List<RelationMember> expectedMembers(float[] query, float[] key, double threshold) {
		List<RelationMember> members = new java.util.ArrayList<>();
		for (int t = 0; t < TOKENS.length; t++) {
			if (Math.abs(query[t]) >= threshold) {
				members.add(new RelationMember(t, TOKENS[t], "query", (int) Math.signum(query[t]), query[t]));
			}
		}
		for (int t = 0; t < TOKENS.length; t++) {
			if (Math.abs(key[t]) >= threshold) {
				members.add(new RelationMember(t, TOKENS[t], "key", (int) Math.signum(key[t]), key[t]));
			}
		}
		return members;
	}

	private static double median(float[] values) {
		float[] magnitudes = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			magnitudes[i] = Math.abs(values[i]);
		}
		Arrays.sort(magnitudes);
		return magnitudes[magnitudes.length / 2];
	}

	/** Rows of unit length, pairwise orthogonal, within float32 rounding. */
	static void assertOrthonormal(float[][] rows, int width) {
		for (int i = 0; i < rows.length; i++) {
			assertThat(rows[i]).hasSize(width);
			for (int j = 0; j < rows.length; j++) {
				assertThat(dot(rows[i], rows[j])).as("<%d, %d>", i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
			}
		}
	}

	/**
	 * sum_i s_i u_i v_i^T over all d_head directions is W_QK itself (its rank <= d_head).
	 */
	private static void assertRebuilds(RealMatrix circuit, RelationalSubspaces subspaces) {
		int width = circuit.getRowDimension();
		double largest = subspaces.singularValues()[0];
		for (int r = 0; r < width; r++) {
			for (int c = 0; c < width; c++) {
				double sum = 0;
				for (int i = 0; i < subspaces.singularValues().length; i++) {
					sum += subspaces.singularValues()[i] * subspaces.queryDirections()[i][r]
							* subspaces.keyDirections()[i][c];
				}
				assertThat(sum).as("[%d, %d]", r, c).isCloseTo(circuit.getEntry(r, c), within(1e-5 * largest));
			}
		}
	}

	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += (double) a[i] * b[i];
		}
		return sum;
	}

	private static double dot(double[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

}
