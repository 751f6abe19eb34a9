package dev.arrakis.bench.plot;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.HookedAutoModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad specs and inputs fail before anything runs, with an IllegalArgumentException that
 * names what is wrong and what the plot type needs.
 */
class PlotsBadInputTest {

	private static final long[] TOKENS = { 65, 66, 67, 65, 66, 67 };

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
	void anUnknownTypeListsEveryType() {
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("violin", "blocks.0.mlp.hook_post")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unknown plot type 'violin'")
			.hasMessageContaining(String.join(", ", Plots.TYPES.keySet()));
		assertThat(Plots.TYPES).hasSize(10);
	}

	@Test
	void missingOrExtraKeysNameWhatTheTypeNeeds() {
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("attention")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("attention got 0 data keys")
			.hasMessageContaining("attention needs one blocks.L.attn.hook_pattern key");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("induction_heads", "blocks.0.attn.hook_pattern", "blocks.1.attn.hook_pattern")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("induction_heads needs one blocks.L.attn.hook_pattern key");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("logit_lens", "blocks.0.hook_resid_pre")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("logit_lens needs no data keys");
	}

	@Test
	void aKeyOfTheWrongHookOrNoHookIsNamed() {
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("induction_heads", "blocks.1.hook_resid_post")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'blocks.1.hook_resid_post' is a hook_resid_post hook")
			.hasMessageContaining("needs one blocks.L.attn.hook_pattern key");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("attention", "blocks.7.attn.hook_pattern")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'blocks.7.attn.hook_pattern' is not a hook of this model");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("attention", "blocks.0.attn.c_attn")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'blocks.0.attn.c_attn'");
		assertThatThrownBy(
				() -> Plots.data(model, TOKENS, PlotSpec.of("attention", "blocks.0.hook_resid_post").with("head", 0)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("option head applies to hooks with a head axis; 'blocks.0.hook_resid_post' has none");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("residual_stream", "blocks.0.hook_resid_pre")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("residual_stream needs blocks.L.hook_resid_post keys");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("qk_dot_product", "blocks.0.attn.hook_q", "blocks.1.attn.hook_k")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("queries of layer 0 and keys of layer 1");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("qk_dot_product", "blocks.0.attn.hook_q")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("hook_attn_scores");
	}

	@Test
	void optionsOutOfRangeUnknownOrNotWholeAreRejected() {
		assertThatThrownBy(
				() -> Plots.data(model, TOKENS, PlotSpec.of("attention", "blocks.0.attn.hook_pattern").with("head", 4)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("head = 4 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("qk_dot_product", "blocks.0.attn.hook_attn_scores").with("head", -1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("head = -1 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("neuron_activation", "blocks.0.mlp.hook_post").with("k", 0)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("k = 0 is out of range: it must be at least 1");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("neuron_activation_trajectories", "blocks.0.mlp.hook_post").with("k", 2.5)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("option k must be a whole number, got 2.5");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				PlotSpec.of("neuron_activation", "blocks.0.mlp.hook_post").with("top_k", 3)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("has no option 'top_k' (options: [k])");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("residual_stream").with("head", 0)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("residual_stream takes no options, got 'head'");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("residual_decomposition").with("position", 6)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("position = 6 is out of range: valid values are 0..5");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, PlotSpec.of("residual_decomposition").with("tokenId", 256)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("tokenId = 256 is out of range: valid values are 0..255");
		assertThatThrownBy(() -> Plots.data(model, TOKENS,
				new PlotSpec("attention", List.of("blocks.0.attn.hook_pattern"), null, Map.of("head", "1"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("option head must be a whole number, got 1");
	}

	@Test
	void badTokensAndNoSpecsAreRejected() {
		PlotSpec spec = PlotSpec.of("residual_stream");
		assertThatThrownBy(() -> Plots.data(model, new long[0], spec)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("tokens must hold at least 1 token");
		assertThatThrownBy(() -> Plots.data(model, new long[] { 1, 256 }, spec))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("tokens[1] = 256 is not a token id: valid ids are 0..255");
		assertThatThrownBy(() -> Plots.data(model, new long[300], spec)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("the model's context is 256");
		assertThatThrownBy(() -> Plots.data(model, TOKENS, List.of())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least one plot spec");
	}

	@Test
	void oneBadSpecFailsTheCallBeforeAnythingRuns() {
		assertThatThrownBy(() -> Plots.data(model, TOKENS, List.of(PlotSpec.of("residual_stream"),
				PlotSpec.of("attention", "blocks.0.attn.hook_pattern").with("head", 9), PlotSpec.of("unknown"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("head = 9");
	}

}
