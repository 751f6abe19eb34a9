package dev.arrakis.bench.plot;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.TestSequences;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.attention.HeadScores;
import dev.arrakis.tools.residual.LogitLens;
import dev.arrakis.tools.residual.LogitLensResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Each plot's numbers against the model's own cache, closed forms or another tool, on
 * tiny-induction-2l and a repeated random sequence.
 */
class PlotsDataTest {

	private static final long[] REPEATED = TestSequences.repeatedRandom(20, 11);

	private static final int POSITIONS = REPEATED.length;

	private static HookedAutoModel model;

	@BeforeAll
	static void load() {
		model = PlotTestModels.tinyInduction();
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void attentionIsTheCachedPatternOfTheChosenHeadExactly() {
		for (int head = 0; head < model.config().nHeads(); head++) {
			PlotData data = Plots.data(model, REPEATED,
					PlotSpec.of("attention", "blocks.1.attn.hook_pattern").with("head", head));
			HostTensor pattern = cached(HookName.pattern(1));
			assertThat(data.kind()).isEqualTo(PlotData.HEATMAP);
			assertThat(data.xLabel()).isEqualTo("Key position");
			assertThat(data.yLabel()).isEqualTo("Query position");
			Float[][] values = data.heatmaps().get(0).values();
			assertThat(values).hasDimensions(POSITIONS, POSITIONS);
			for (int query = 0; query < POSITIONS; query++) {
				for (int key = 0; key < POSITIONS; key++) {
					assertThat(values[query][key]).isEqualTo(pattern.get(0, head, query, key));
				}
			}
		}
	}

	@Test
	void attentionDrawsAny2dActivationWithItsOwnAxes() {
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("attention", "blocks.0.hook_resid_post"));
		HostTensor residual = cached(HookName.residPost(0));
		int width = model.config().dModel();
		assertThat(data.yLabel()).isEqualTo("Position");
		assertThat(data.xLabel()).isEqualTo("Residual dimension (d_model)");
		assertThat(data.heatmaps().get(0).values()).hasDimensions(POSITIONS, width);
		assertThat(data.heatmaps().get(0).values()[3][17]).isEqualTo(residual.get(0, 3, 17));
		assertThat(data.heatmaps().get(0).scale()).isEqualTo(PlotData.Heatmap.DIVERGING);
	}

	@Test
	void inductionHeadsShowsEveryHeadsOwnPattern() {
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("induction_heads", "blocks.1.attn.hook_pattern"));
		HostTensor pattern = cached(HookName.pattern(1));
		assertThat(data.kind()).isEqualTo(PlotData.HEATMAP_GRID);
		assertThat(data.heatmaps()).hasSize(model.config().nHeads());
		for (int head = 0; head < model.config().nHeads(); head++) {
			PlotData.Heatmap panel = data.heatmaps().get(head);
			assertThat(panel.title()).isEqualTo("L1H" + head);
			assertThat(panel.values()).hasDimensions(POSITIONS, POSITIONS);
			for (int query = 0; query < POSITIONS; query++) {
				for (int key = 0; key < POSITIONS; key++) {
					assertThat(panel.values()[query][key]).isEqualTo(pattern.get(0, head, query, key));
				}
			}
		}
		// The detector's best induction head (L1, on this model): its panel shows the
		// induction stripe, almost all of the repeated half's attention on the token
		// after
		// the previous occurrence.
		HeadScores induction = new AttentionTools(model).detectHeads(REPEATED, HeadDetector.INDUCTION);
		assertThat(induction.best()).startsWith("L1H");
		int best = Integer.parseInt(induction.best().substring(3));
		int length = POSITIONS / 2;
		Float[][] panel = data.heatmaps().get(best).values();
		double onStripe = 0;
		for (int query = length; query < POSITIONS; query++) {
			onStripe += panel[query][query - length + 1];
		}
		assertThat(onStripe / length).isGreaterThan(0.8);
	}

	@Test
	void residualStreamIsTheMeanPositionNormOfEveryResidPostInLayerOrder() {
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("residual_stream"));
		assertThat(data.kind()).isEqualTo(PlotData.LINES);
		assertThat(data.categories()).containsExactly("L0", "L1");
		Float[] norms = data.series().get(0).values();
		for (int layer = 0; layer < model.config().nLayers(); layer++) {
			double expected = meanNorm(cached(HookName.residPost(layer)));
			assertThat((double) norms[layer]).isCloseTo(expected, offset(1e-4 * expected));
		}
		PlotData reversed = Plots.data(model, REPEATED,
				PlotSpec.of("residual_stream", "blocks.1.hook_resid_post", "blocks.0.hook_resid_post"));
		assertThat(reversed.categories()).containsExactly("L0", "L1");
		assertThat(reversed.series().get(0).values()).containsExactly(norms);
	}

	@Test
	void neuronTrajectoriesAreTheTrueTopKByMeanAbsoluteActivation() {
		HostTensor post = cached(HookName.of(HookPoint.MLP_POST, 0));
		int neurons = model.config().dMlp();
		for (int k : new int[] { 1, 5, 7 }) {
			PlotData data = Plots.data(model, REPEATED,
					PlotSpec.of("neuron_activation_trajectories", "blocks.0.mlp.hook_post").with("k", k));
			List<Integer> expected = bruteForceTop(post, neurons, k);
			assertThat(data.series()).extracting(PlotData.Series::name)
				.containsExactlyElementsOf(expected.stream().map(n -> "L0N" + n).toList());
			assertThat(data.categories()).hasSize(POSITIONS);
			for (int i = 0; i < k; i++) {
				for (int position = 0; position < POSITIONS; position++) {
					assertThat(data.series().get(i).values()[position])
						.isEqualTo(post.get(0, position, expected.get(i)));
				}
			}
		}
		PlotData defaults = Plots.data(model, REPEATED,
				PlotSpec.of("neuron_activation_trajectories", "blocks.0.mlp.hook_post"));
		assertThat(defaults.series()).hasSize(5);
	}

	@Test
	void neuronActivationIsEachTopNeuronsDistributionOverPositions() {
		HostTensor post = cached(HookName.of(HookPoint.MLP_POST, 1));
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("neuron_activation", "blocks.1.mlp.hook_post"));
		List<Integer> expected = bruteForceTop(post, model.config().dMlp(), 10);
		assertThat(data.kind()).isEqualTo(PlotData.DISTRIBUTIONS);
		assertThat(data.distributions()).extracting(PlotData.Distribution::name)
			.containsExactlyElementsOf(expected.stream().map(n -> "L1N" + n).toList());
		float[] first = data.distributions().get(0).values();
		assertThat(first).hasSize(POSITIONS);
		for (int position = 0; position < POSITIONS; position++) {
			assertThat(first[position]).isEqualTo(post.get(0, position, expected.get(0)));
		}
		// k larger than the number of units: all of them.
		PlotData all = Plots.data(model, REPEATED,
				PlotSpec.of("neuron_activation", "blocks.1.hook_mlp_out").with("k", 100_000));
		assertThat(all.distributions()).hasSize(model.config().dModel());
	}

	@Test
	void qkScoresAreTheCachedScoresWithMaskedEntriesNullAndStrictJson() {
		int head = 2;
		PlotData fromScores = Plots.data(model, REPEATED,
				PlotSpec.of("qk_dot_product", "blocks.1.attn.hook_attn_scores").with("head", head));
		PlotData fromQk = Plots.data(model, REPEATED,
				PlotSpec.of("qk_dot_product", "blocks.1.attn.hook_q", "blocks.1.attn.hook_k").with("head", head));
		HostTensor scores = cached(HookName.of(HookPoint.ATTN_SCORES, 1));
		Float[][] cachedWay = fromScores.heatmaps().get(0).values();
		Float[][] computedWay = fromQk.heatmaps().get(0).values();
		for (int query = 0; query < POSITIONS; query++) {
			for (int key = 0; key < POSITIONS; key++) {
				if (key > query) {
					assertThat(cachedWay[query][key]).as("masked [%d, %d]", query, key).isNull();
					assertThat(computedWay[query][key]).isNull();
				}
				else {
					float expected = scores.get(0, head, query, key);
					assertThat(cachedWay[query][key]).isEqualTo(expected);
					assertThat(computedWay[query][key]).isCloseTo(expected, offset(1e-4f + 1e-5f * Math.abs(expected)));
				}
			}
		}
		for (PlotData data : List.of(fromScores, fromQk)) {
			String json = PlotTestModels.strictJson(data);
			assertThat(json).doesNotContain("NaN").doesNotContain("Infinity").contains("null");
		}
	}

	@Test
	void logitLensEndsOnTheModelsOwnProbabilityAndItsTopTokensAreTheLensTools() {
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("logit_lens"));
		PlotData.Heatmap lens = data.heatmaps().get(0);
		int layers = model.config().nLayers();
		assertThat(lens.rowLabels()).hasSize(layers + 1).endsWith("final");
		float[] logits = PlotTestModels.logits(model, REPEATED);
		int vocab = model.config().dVocab();
		LogitLensResult tool = new LogitLens(model).run(REPEATED, 1);
		for (int position = 0; position < POSITIONS; position++) {
			double[] softmax = softmax(logits, position * vocab, vocab);
			int top = argmax(softmax);
			assertThat((double) lens.values()[layers][position]).as("final at %d", position)
				.isCloseTo(softmax[top], offset(1e-6));
			for (int readout = 0; readout <= layers; readout++) {
				assertThat(lens.cellLabels().get(readout).get(position))
					.isEqualTo(Long.toString(tool.topTokens()[readout][position][0]));
			}
		}
	}

	@Test
	void residualDecompositionBarsPlusTheConstantAddUpToTheLogit() {
		int position = POSITIONS - 1;
		float[] logits = PlotTestModels.logits(model, REPEATED);
		int vocab = model.config().dVocab();
		int top = argmax(softmax(logits, position * vocab, vocab));
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("residual_decomposition"));
		assertThat(data.kind()).isEqualTo(PlotData.BARS);
		assertThat(data.title()).contains("logit[" + top + "]");
		assertThat(data.categories()).startsWith("embed", "pos_embed", "L0H0").endsWith("L1_attn_bias", "L1_mlp");
		double sum = data.scalars().get("constant");
		for (Float bar : data.series().get(0).values()) {
			sum += bar;
		}
		float logit = logits[position * vocab + top];
		assertThat(sum).isCloseTo(logit, offset(1e-4 + 1e-5 * Math.abs(logit)));
		PlotData chosen = Plots.data(model, REPEATED,
				PlotSpec.of("residual_decomposition").with("position", 5).with("tokenId", 65));
		double chosenSum = chosen.scalars().get("constant");
		for (Float bar : chosen.series().get(0).values()) {
			chosenSum += bar;
		}
		assertThat(chosenSum).isCloseTo(logits[5 * vocab + 65], offset(1e-4 + 1e-5 * Math.abs(logits[5 * vocab + 65])));
	}

	@Test
	void attentionStatsHaveTheClosedFormsAndMatchTheCache() {
		float[] oneHot = { 0, 0, 1, 0 };
		float[] uniform = { 0.2f, 0.2f, 0.2f, 0.2f, 0.2f };
		assertThat(AttentionStatistics.entropy(oneHot, 0, 4)).isZero();
		assertThat(AttentionStatistics.entropy(uniform, 0, 5)).isCloseTo(Math.log(5), offset(1e-6));
		assertThat(AttentionStatistics.meanDistance(oneHot, 0, 4, 3)).isEqualTo(1.0);
		assertThat(AttentionStatistics.meanDistance(uniform, 0, 5, 4)).isCloseTo(2.0, offset(1e-6));

		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("attention_stats"));
		assertThat(data.heatmaps()).hasSize(2);
		PlotData.Heatmap entropy = data.heatmaps().get(0);
		PlotData.Heatmap distance = data.heatmaps().get(1);
		assertThat(entropy.rowLabels()).containsExactly("L0", "L1");
		assertThat(entropy.columnLabels()).containsExactly("H0", "H1", "H2", "H3");
		for (int layer = 0; layer < model.config().nLayers(); layer++) {
			HostTensor pattern = cached(HookName.pattern(layer));
			for (int head = 0; head < model.config().nHeads(); head++) {
				double entropySum = 0;
				double distanceSum = 0;
				for (int query = 0; query < POSITIONS; query++) {
					for (int key = 0; key <= query; key++) {
						double p = pattern.get(0, head, query, key);
						entropySum -= p > 0 ? p * Math.log(p) : 0;
						distanceSum += p * (query - key);
					}
				}
				assertThat((double) entropy.values()[layer][head]).isCloseTo(entropySum / POSITIONS, offset(1e-5));
				assertThat((double) distance.values()[layer][head]).isCloseTo(distanceSum / POSITIONS, offset(1e-4));
			}
		}
		PlotData one = Plots.data(model, REPEATED, PlotSpec.of("attention_stats", "blocks.1.attn.hook_pattern"));
		assertThat(one.heatmaps().get(0).rowLabels()).containsExactly("L1");
		assertThat(one.heatmaps().get(0).values()[0]).containsExactly(entropy.values()[1]);
	}

	@Test
	void layerNormsAreTheMeanScaleOfEveryNormHook() {
		PlotData data = Plots.data(model, REPEATED, PlotSpec.of("layer_norms"));
		assertThat(data.categories()).containsExactly("L0", "L1", "final");
		assertThat(data.series()).extracting(PlotData.Series::name)
			.containsExactly("ln1.hook_scale", "ln2.hook_scale", "ln_final.hook_scale");
		for (int layer = 0; layer < 2; layer++) {
			assertThat((double) data.series().get(0).values()[layer])
				.isCloseTo(mean(cached(HookName.of(HookPoint.LN1_SCALE, layer))), offset(1e-5));
			assertThat((double) data.series().get(1).values()[layer])
				.isCloseTo(mean(cached(HookName.of(HookPoint.LN2_SCALE, layer))), offset(1e-5));
		}
		assertThat(data.series().get(0).values()[2]).isNull();
		assertThat(data.series().get(2).values()).containsExactly(null, null,
				(float) mean(cached(HookName.of(HookPoint.LN_FINAL_SCALE))));
		String json = PlotTestModels.strictJson(data);
		assertThat(json).contains("\"xLabel\":\"Layer\"", "\"categories\":[\"L0\",\"L1\",\"final\"]",
				"\"values\":[null,null,");
	}

	@Test
	void severalSpecsShareOneForwardAndKeepTheirOrder() {
		List<PlotSpec> specs = List.of(PlotSpec.of("attention", "blocks.0.attn.hook_pattern"),
				PlotSpec.of("induction_heads", "blocks.1.attn.hook_pattern"),
				PlotSpec.of("neuron_activation", "blocks.0.mlp.hook_post"),
				PlotSpec.of("neuron_activation_trajectories", "blocks.1.mlp.hook_post"),
				PlotSpec.of("qk_dot_product", "blocks.0.attn.hook_attn_scores"), PlotSpec.of("attention_stats"),
				PlotSpec.of("residual_stream"), PlotSpec.of("layer_norms"), PlotSpec.of("logit_lens"));
		AtomicInteger forwards = new AtomicInteger();
		List<PlotData> data = Plots.data(model, REPEATED, specs, (activation, name) -> {
			forwards.incrementAndGet();
			return activation;
		});
		assertThat(forwards).hasValue(1);
		assertThat(data).extracting(PlotData::type)
			.containsExactlyElementsOf(specs.stream().map(PlotSpec::type).toList());
		PlotData alone = Plots.data(model, REPEATED, specs.get(6));
		assertThat(data.get(6)).usingRecursiveComparison().isEqualTo(alone);
	}

	@Test
	void optionsAndTitlesAreHonoured() {
		PlotData titled = Plots.data(model, REPEATED,
				new PlotSpec("attention", List.of("blocks.0.attn.hook_pattern"), "My title", Map.of("head", 2.0)));
		assertThat(titled.title()).isEqualTo("My title");
		assertThat(titled.heatmaps().get(0).values()[5][4]).isEqualTo(cached(HookName.pattern(0)).get(0, 2, 5, 4));
	}

	private static HostTensor cached(HookName name) {
		try (RunResult run = model.runWithCache(ModelInput.of(REPEATED), HookFilter.of(name::equals), null)) {
			return run.cache().toHost(name, Narrowing.ALL);
		}
	}

	private static List<Integer> bruteForceTop(HostTensor activation, int units, int k) {
		double[] meanAbsolute = new double[units];
		for (int unit = 0; unit < units; unit++) {
			for (int position = 0; position < POSITIONS; position++) {
				meanAbsolute[unit] += Math.abs(activation.get(0, position, unit));
			}
		}
		return IntStream.range(0, units)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer unit) -> -meanAbsolute[unit]).thenComparing(unit -> unit))
			.limit(k)
			.toList();
	}

	private static double meanNorm(HostTensor residual) {
		int width = (int) residual.shape()[2];
		double sum = 0;
		for (int position = 0; position < POSITIONS; position++) {
			double squares = 0;
			for (int d = 0; d < width; d++) {
				squares += Math.pow(residual.get(0, position, d), 2);
			}
			sum += Math.sqrt(squares);
		}
		return sum / POSITIONS;
	}

	private static double mean(HostTensor scale) {
		return IntStream.range(0, scale.data().length).mapToDouble(i -> scale.data()[i]).average().orElseThrow();
	}

	private static double[] softmax(float[] logits, int offset, int length) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < length; i++) {
			max = Math.max(max, logits[offset + i]);
		}
		double[] exp = new double[length];
		double sum = 0;
		for (int i = 0; i < length; i++) {
			exp[i] = Math.exp(logits[offset + i] - max);
			sum += exp[i];
		}
		for (int i = 0; i < length; i++) {
			exp[i] /= sum;
		}
		return exp;
	}

	private static int argmax(double[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
