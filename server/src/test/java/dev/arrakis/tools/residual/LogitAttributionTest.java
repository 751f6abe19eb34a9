package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.TestSequences;

import static dev.arrakis.tools.residual.TestModels.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Direct logit attribution: on every architecture the contributions plus the constant are
 * the model's own logit (difference), and on the induction model the induction heads
 * write the repeated token's logit directly.
 */
class LogitAttributionTest {

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void contributionsAddUpToTheModelsOwnLogit(String architecture) {
		try (HookedAutoModel model = TestModels.architecture(architecture)) {
			float[] before = TestModels.logits(model, TOKENS);
			LogitAttribution tool = new LogitAttribution(model);
			int vocab = model.config().dVocab();
			int layers = model.config().nLayers();
			int heads = model.config().nHeads();
			List<String> decomposerLabels = new ResidualDecomposer(model).decompose(TOKENS, layers - 1).labels();
			for (int position : new int[] { 0, 5, TOKENS.length - 1 }) {
				long tokenId = (TOKENS[position] * 7 + 3) % vocab;
				long contrast = TOKENS[(position + 1) % TOKENS.length];
				LogitAttributionResult logit = tool.directLogitAttribution(TOKENS, position, tokenId);
				assertThat(logit.actual()).isEqualTo(before[position * vocab + (int) tokenId]);
				assertThat(logit.total()).as("%s total at %d", architecture, position)
					.isCloseTo(logit.actual(), within(1e-4 + 1e-4 * Math.abs(logit.actual())));
				assertThat(logit.labels()).isEqualTo(decomposerLabels);
				assertThat(logit.values()).hasSize(decomposerLabels.size());
				assertGroupsAgree(logit, layers, heads);
				if (model.config().norm() == Norm.RMS_NORM && !hasUnembedBias(model)) {
					assertThat(logit.constant()).isZero();
				}

				LogitAttributionResult difference = tool.logitDifferenceAttribution(TOKENS, position, tokenId,
						contrast);
				double expected = (double) before[position * vocab + (int) tokenId]
						- before[position * vocab + (int) contrast];
				assertThat(difference.actual()).isEqualTo(expected);
				assertThat(difference.total()).as("%s difference total at %d", architecture, position)
					.isCloseTo(difference.actual(), within(1e-4 + 1e-4 * Math.abs(difference.actual())));
				assertThat(difference.metric()).contains("logit[" + tokenId + "] - logit[" + contrast + "]");
				// Linear in the direction: the difference's values are the two logits'.
				LogitAttributionResult other = tool.directLogitAttribution(TOKENS, position, contrast);
				for (int i = 0; i < logit.values().length; i++) {
					double linear = (double) logit.values()[i] - other.values()[i];
					assertThat((double) difference.values()[i]).as("%s", logit.labels().get(i))
						.isCloseTo(linear, within(1e-4 + 1e-4 * Math.abs(linear)));
				}
			}
			assertThat(TestModels.logits(model, TOKENS)).as("logits after the tool").containsExactly(before);
		}
	}

	@Test
	void inductionHeadsWriteTheRepeatedTokenDirectly() {
		long[] repeated = TestSequences.repeatedRandom(40, 7);
		try (HookedAutoModel model = TestModels.induction()) {
			HeadScores scores = new AttentionTools(model).detectHeads(repeated, HeadDetector.INDUCTION);
			List<String> inductionHeads = new ArrayList<>();
			for (String label : scores.labels()) {
				int layer = label.charAt(1) - '0';
				int head = label.charAt(3) - '0';
				// 0.5 is the most a head can score here: only the repeated half has
				// matches.
				if (scores.score(layer, head) > 0.4f) {
					inductionHeads.add(label);
				}
			}
			assertThat(inductionHeads).containsExactly("L1H0", "L1H1", "L1H3");
			LogitAttribution tool = new LogitAttribution(model);
			double firstHalf = 0;
			double secondHalf = 0;
			for (int position = 0; position + 1 < repeated.length; position++) {
				LogitAttributionResult result = tool.directLogitAttribution(repeated, position, repeated[position + 1]);
				double induction = sum(result, inductionHeads::contains);
				if (position < 40) {
					firstHalf += Math.abs(induction) / 40;
					continue;
				}
				secondHalf += induction / 39;
				// Position 40 onwards predicts a token seen 40 back: the induction heads
				// copy it. Together they outweigh every other group except the layer-1
				// MLP,
				// which reads their output and writes the largest single contribution.
				int layer1Mlp = result.labels().indexOf("L1_mlp");
				for (String group : List.of("embed", "pos_embed", "L0H", "L0_attn_bias", "L0_mlp", "L1H2",
						"L1_attn_bias")) {
					assertThat(induction).as("induction heads vs %s at %d", group, position)
						.isGreaterThan(sum(result, label -> label.startsWith(group)));
				}
				for (int i = 0; i < result.values().length; i++) {
					assertThat(result.values()[layer1Mlp]).isGreaterThanOrEqualTo(result.values()[i]);
				}
				assertThat(induction).as("share of the logit at %d", position).isGreaterThan(0.25 * result.actual());
			}
			// Before the repeat there is nothing to copy and the induction heads write
			// almost nothing to the next token's logit.
			assertThat(secondHalf).isGreaterThan(20 * firstHalf);
		}
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		try (HookedAutoModel model = TestModels.architecture("gpt2")) {
			LogitAttribution tool = new LogitAttribution(model);
			int vocab = model.config().dVocab();
			assertThatThrownBy(() -> tool.directLogitAttribution(TOKENS, TOKENS.length, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("position = " + TOKENS.length)
				.hasMessageContaining("0.." + (TOKENS.length - 1));
			assertThatThrownBy(() -> tool.directLogitAttribution(TOKENS, -1, 1)).hasMessageContaining("position = -1");
			assertThatThrownBy(() -> tool.directLogitAttribution(TOKENS, 0, vocab))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokenId = " + vocab)
				.hasMessageContaining("0.." + (vocab - 1));
			assertThatThrownBy(() -> tool.logitDifferenceAttribution(TOKENS, 0, 1, -2))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("contrastTokenId = -2")
				.hasMessageContaining("0.." + (vocab - 1));
			assertThatThrownBy(() -> tool.logitDifferenceAttribution(TOKENS, 0, -1, 2))
				.hasMessageContaining("tokenId = -1");
			assertThatThrownBy(() -> tool.directLogitAttribution(new long[0], 0, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens must hold at least 1 token, got 0");
			assertThatThrownBy(() -> tool.directLogitAttribution(new long[] { 1, vocab }, 0, 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens[1] = " + vocab);
		}
	}

	private static void assertGroupsAgree(LogitAttributionResult result, int layers, int heads) {
		assertThat(result.perHead()).hasDimensions(layers, heads);
		for (int layer = 0; layer < layers; layer++) {
			double attention = 0;
			for (int head = 0; head < heads; head++) {
				float value = result.values()[result.labels().indexOf("L" + layer + "H" + head)];
				assertThat(result.perHead()[layer][head]).isEqualTo(value);
				attention += value;
			}
			attention += result.values()[result.labels().indexOf("L" + layer + "_attn_bias")];
			assertThat((double) result.perLayerAttention()[layer]).isCloseTo(attention, within(1e-5));
			assertThat(result.perLayerMlp()[layer])
				.isEqualTo(result.values()[result.labels().indexOf("L" + layer + "_mlp")]);
		}
	}

	private static boolean hasUnembedBias(HookedAutoModel model) {
		for (float value : ResidualComponents.weight(model, "unembed.b_U")) {
			if (value != 0) {
				return true;
			}
		}
		return false;
	}

	private static double sum(LogitAttributionResult result, java.util.function.Predicate<String> which) {
		double sum = 0;
		for (int i = 0; i < result.values().length; i++) {
			if (which.test(result.labels().get(i))) {
				sum += result.values()[i];
			}
		}
		return sum;
	}

}
