package dev.arrakis.tools.kg;

import ai.djl.ndarray.types.DataType;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every method of the extractor on every architecture the engine supports (GQA, MQA,
 * rotary, parallel residual, fused projections, RMSNorm): singular values equal those of
 * the materialised circuit, projections agree with the token circuit's bilinear form, and
 * the model's logits stay bit-identical.
 */
class KgExtractorOnEveryArchitectureTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void everyMethodRunsAndTheModelIsUnchanged(String architecture) {
		try (HookedAutoModel model = ExplicitWeights.load(architecture)) {
			float[] before = logits(model);
			KnowledgeGraphExtractor tool = new KnowledgeGraphExtractor(model);
			int layer = model.config().nLayers() - 1;
			int head = model.config().nHeads() - 1;
			int dHead = model.config().dHead();
			for (boolean fold : new boolean[] { false, true }) {
				RelationalSubspaces subspaces = tool.relationalSubspaces(layer, head, dHead, fold);
				double[] expected = new SingularValueDecomposition(new ExplicitWeights(model, fold).qk(layer, head))
					.getSingularValues();
				for (int i = 0; i < dHead; i++) {
					assertThat(subspaces.singularValues()[i]).as("%s fold=%s s%d", architecture, fold, i)
						.isCloseTo(expected[i], within(1e-9 * expected[0] + 1e-12));
				}
				KnowledgeGraphExtractorTest.assertOrthonormal(subspaces.queryDirections(), model.config().dModel());
				KnowledgeGraphExtractorTest.assertOrthonormal(subspaces.keyDirections(), model.config().dModel());
			}
			// With every direction, sum_i s_i (e_q . u_i)(e_k . v_i) is e_q W_QK e_k^T:
			// the projections and the token circuit agree.
			TokenProjections projections = tool.projectTokens(TOKENS, layer, head, dHead);
			TokenCircuit circuit = tool.tokenCircuit(layer, head, TOKENS, TOKENS, false);
			double scale = model.config().attentionScale();
			for (int q = 0; q < TOKENS.length; q++) {
				for (int k = 0; k < TOKENS.length; k++) {
					double sum = 0;
					for (int i = 0; i < dHead; i++) {
						sum += projections.singularValues()[i] * projections.querySide()[i][q]
								* projections.keySide()[i][k];
					}
					double expected = circuit.scores()[q][k];
					assertThat(scale * sum).as("%s [%d, %d]", architecture, q, k)
						.isCloseTo(expected, within(1e-5 + 1e-4 * Math.abs(expected)));
				}
			}
			RelationTypes relations = tool.identifyRelations(TOKENS, layer, head, 3, 0);
			assertThat(relations.relations()).hasSize(3)
				.allSatisfy(relation -> assertThat(relation.members()).hasSize(2 * TOKENS.length));
			assertThat(logits(model)).as("logits after running the extractor").containsExactly(before);
		}
	}

	private static float[] logits(HookedAutoModel model) {
		try (RunResult run = model.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
