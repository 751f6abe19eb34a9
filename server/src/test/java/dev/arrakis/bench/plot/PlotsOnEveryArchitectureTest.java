package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Every plot type on every architecture (GQA, rotary, parallel residual, sliding windows,
 * fused projections): each builds from one forward, serialises to strict JSON and
 * renders; the q.k scores recomputed from the (rotated) queries and keys equal the cached
 * scores; and the model's logits are bit-identical afterwards.
 */
class PlotsOnEveryArchitectureTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 5, 17, 200, 3, 5, 17 };

	static String[] architectures() {
		return PlotTestModels.ARCHITECTURES;
	}

	@ParameterizedTest
	@MethodSource("architectures")
	void everyPlotBuildsRendersAndLeavesTheModelUnchanged(String architecture) {
		try (HookedAutoModel model = PlotTestModels.reference(architecture)) {
			float[] before = PlotTestModels.logits(model, TOKENS);
			int last = model.config().nLayers() - 1;
			int head = model.config().nHeads() - 1;
			boolean rotary = model.config().positional() instanceof Positional.Rotary;
			String query = rotary ? "hook_rot_q" : "hook_q";
			String key = rotary ? "hook_rot_k" : "hook_k";
			List<PlotSpec> specs = List.of(PlotSpec.of("attention", "blocks.0.attn.hook_pattern").with("head", head),
					PlotSpec.of("induction_heads", "blocks.%d.attn.hook_pattern".formatted(last)),
					PlotSpec.of("neuron_activation", "blocks.0.mlp.hook_post").with("k", 3),
					PlotSpec.of("neuron_activation_trajectories", "blocks.%d.mlp.hook_post".formatted(last)),
					PlotSpec.of("qk_dot_product", "blocks.%d.attn.hook_attn_scores".formatted(last)).with("head", head),
					PlotSpec
						.of("qk_dot_product", "blocks.%d.attn.%s".formatted(last, query),
								"blocks.%d.attn.%s".formatted(last, key))
						.with("head", head),
					PlotSpec.of("attention_stats"), PlotSpec.of("residual_stream"), PlotSpec.of("layer_norms"),
					PlotSpec.of("logit_lens"), PlotSpec.of("residual_decomposition"));
			List<PlotData> plots = Plots.data(model, TOKENS, specs);

			assertThat(plots.get(1).heatmaps()).hasSize(model.config().nHeads());
			assertScoresAgree(plots.get(4), plots.get(5), architecture);
			assertThat(plots.get(7).categories()).hasSize(model.config().nLayers());
			assertLayerNormsUseTheModelsOwnNorms(model, plots.get(8), architecture);
			double logit = plots.get(10).scalars().get("logit");
			double sum = plots.get(10).scalars().get("constant");
			for (Float bar : plots.get(10).series().get(0).values()) {
				sum += bar;
			}
			assertThat(sum).as(architecture).isCloseTo(logit, offset(1e-4 + 1e-5 * Math.abs(logit)));
			for (PlotData data : plots) {
				assertThat(PlotTestModels.strictJson(data)).as("%s %s", architecture, data.type())
					.doesNotContain("NaN")
					.doesNotContain("Infinity");
				assertThat(PlotRenderer.png(data, 320, 240)).isNotEmpty();
				assertThat(PlotRenderer.svg(data, 320, 240)).startsWith("<svg");
			}
			assertThat(PlotTestModels.logits(model, TOKENS)).as("%s logits after plotting", architecture)
				.containsExactly(before);
		}
	}

	/**
	 * The same masked entries, and the same scores within float32 rounding, whether read
	 * from hook_attn_scores or recomputed from the queries and keys (grouped heads,
	 * rotary, GPT-Neo's scale of 1, sliding windows).
	 */
	private static void assertScoresAgree(PlotData cached, PlotData recomputed, String architecture) {
		Float[][] expected = cached.heatmaps().get(0).values();
		Float[][] actual = recomputed.heatmaps().get(0).values();
		assertThat(actual).hasDimensions(TOKENS.length, TOKENS.length);
		int visible = 0;
		for (int query = 0; query < TOKENS.length; query++) {
			for (int key = 0; key < TOKENS.length; key++) {
				if (expected[query][key] == null) {
					assertThat(actual[query][key]).as("%s masked [%d, %d]", architecture, query, key).isNull();
				}
				else {
					visible++;
					float score = expected[query][key];
					assertThat(actual[query][key]).as("%s [%d, %d]", architecture, query, key)
						.isCloseTo(score, offset(1e-4f + 1e-4f * Math.abs(score)));
				}
			}
		}
		assertThat(visible).isGreaterThan(0);
		for (int query = 0; query < TOKENS.length; query++) {
			for (int key = query + 1; key < TOKENS.length; key++) {
				assertThat(expected[query][key]).as("%s later key [%d, %d]", architecture, query, key).isNull();
			}
		}
	}

	/**
	 * The lines are the norms the model has, named by hook (LLaMA-family and NeoX models
	 * have no "ln" in their Hugging Face names; the hook names are the same everywhere).
	 */
	private static void assertLayerNormsUseTheModelsOwnNorms(HookedAutoModel model, PlotData norms,
			String architecture) {
		List<String> expected = new ArrayList<>();
		for (HookPoint point : List.of(HookPoint.LN1_SCALE, HookPoint.LN2_SCALE, HookPoint.LN_FINAL_SCALE)) {
			boolean present = model.hookNames().stream().map(HookName::point).anyMatch(point::equals);
			if (present) {
				expected.add(point.suffix());
			}
		}
		assertThat(expected).as(architecture).contains("ln1.hook_scale", "ln_final.hook_scale");
		assertThat(norms.series()).extracting(PlotData.Series::name).containsExactlyElementsOf(expected);
		for (PlotData.Series series : norms.series()) {
			for (Float value : series.values()) {
				if (value != null) {
					assertThat(value).as("%s %s", architecture, series.name()).isPositive();
				}
			}
		}
	}

}
