package dev.arrakis.engine.hooks;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.HookedAutoModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which hooks a filter selects, over the catalogue of the Hugging Face reference gpt2 (2
 * layers) and llama.
 */
class HookFilterTest {

	private static HookedAutoModel gpt2;

	private static HookedAutoModel llama;

	@BeforeAll
	static void loadModels() throws IOException {
		gpt2 = HookNameTest.load("gpt2");
		llama = HookNameTest.load("llama");
	}

	@AfterAll
	static void closeModels() {
		if (gpt2 != null) {
			gpt2.close();
		}
		if (llama != null) {
			llama.close();
		}
	}

	@Test
	void layerWildcardMatchesEveryLayersPatternAndNothingElse() {
		assertThat(selected("blocks.*.attn.hook_pattern", gpt2)).containsExactly("blocks.0.attn.hook_pattern",
				"blocks.1.attn.hook_pattern");
	}

	@Test
	void singleStarStaysWithinOneSegment() {
		assertThat(selected("*.hook_normalized", gpt2)).containsExactly("ln_final.hook_normalized");
		assertThat(selected("blocks.0.*", gpt2)).containsExactly("blocks.0.hook_resid_pre", "blocks.0.hook_attn_out",
				"blocks.0.hook_resid_mid", "blocks.0.hook_mlp_out", "blocks.0.hook_resid_post");
		assertThat(selected("blocks.*.hook_*", gpt2)).hasSize(10).allMatch(name -> name.split("\\.").length == 3);
	}

	@Test
	void doubleStarCrossesDots() {
		assertThat(selected("**.hook_normalized", gpt2)).containsExactly("blocks.0.ln1.hook_normalized",
				"blocks.0.ln2.hook_normalized", "blocks.1.ln1.hook_normalized", "blocks.1.ln2.hook_normalized",
				"ln_final.hook_normalized");
		List<String> block1 = selected("blocks.1.**", gpt2);
		assertThat(block1).isNotEmpty().allMatch(name -> name.startsWith("blocks.1."));
		assertThat(block1).hasSize((int) gpt2.hookNames().stream().filter(n -> n.layer() == 1).count());
		assertThat(selected("**", gpt2)).hasSize(gpt2.hookNames().size());
	}

	@Test
	void commaSeparatedNamesAliasesAndGlobsAreUnited() {
		assertThat(selected("hook_embed, h.1.hook_resid_post,blocks.*.attn.hook_rot_q", llama)).containsExactly(
				"hook_embed", "blocks.0.attn.hook_rot_q", "blocks.1.attn.hook_rot_q", "blocks.1.hook_resid_post");
	}

	@Test
	void allAndNoneSelectEverythingAndNothing() {
		assertThat(gpt2.hookNames()).allMatch(HookFilter.all()).noneMatch(HookFilter.none());
	}

	@Test
	void patternMatchingNothingInTheModelIsRefused() {
		assertThatThrownBy(() -> HookFilter.requireMatches(List.of("blocks.*.attn.hook_rot_q"), gpt2.hookNames()))
			.isInstanceOfSatisfying(UnknownHookException.class,
					ex -> assertThat(ex.getMessage()).contains("the pattern matches no hook point"));
		assertThatThrownBy(() -> HookFilter.requireMatches(List.of("blocks.0.attn.hook_patern"), gpt2.hookNames()))
			.isInstanceOfSatisfying(UnknownHookException.class,
					ex -> assertThat(ex.closest()).isEqualTo("blocks.0.attn.hook_pattern"));
		assertThatThrownBy(() -> HookFilter.requireMatches(List.of("hook_pos_embed"), llama.hookNames()))
			.isInstanceOfSatisfying(UnknownHookException.class,
					ex -> assertThat(ex.getMessage()).contains("this model has no such hook point"));
		assertThatNoException().isThrownBy(() -> HookFilter.requireMatches(
				List.of("blocks.*.attn.hook_rot_q", "layers.0.self_attn.hook_result_post"), llama.hookNames()));
	}

	/**
	 * The names {@code patterns} selects from {@code model}'s catalogue, in catalogue
	 * order.
	 */
	private static List<String> selected(String patterns, HookedAutoModel model) {
		HookFilter filter = HookFilter.parse(patterns);
		return model.hookNames().stream().filter(filter).map(HookName::toString).toList();
	}

}
