package dev.arrakis.engine.hooks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing and printing hook names: TransformerLens names, original Arrakis aliases, and
 * checks against a model.
 */
class HookNameTest {

	private static HookedAutoModel llama;

	private static HookedAutoModel gptNeox;

	private static HookedAutoModel gpt2;

	@BeforeAll
	static void loadModels() throws IOException {
		llama = load("llama");
		gptNeox = load("gpt_neox");
		gpt2 = load("gpt2");
	}

	@AfterAll
	static void closeModels() {
		for (HookedAutoModel model : new HookedAutoModel[] { llama, gptNeox, gpt2 }) {
			if (model != null) {
				model.close();
			}
		}
	}

	@Test
	void transformerLensNamesParseToTheirPointAndLayer() {
		assertThat(HookName.tryParse("blocks.3.attn.hook_pattern")).contains(HookName.of(HookPoint.PATTERN, 3));
		assertThat(HookName.tryParse("hook_embed")).contains(HookName.of(HookPoint.EMBED));
		assertThat(HookName.tryParse("ln_final.hook_normalized")).contains(HookName.of(HookPoint.LN_FINAL_NORMALIZED));
		assertThat(HookName.tryParse("logits")).contains(HookName.of(HookPoint.LOGITS));
		assertThat(HookName.tryParse("blocks.12.hook_resid_post")).contains(HookName.residPost(12));
		assertThat(HookName.tryParse("  blocks.0.mlp.hook_post ")).contains(HookName.of(HookPoint.MLP_POST, 0));
	}

	@Test
	void arrakisAliasesParseToTheirTransformerLensNames() {
		assertThat(HookName.tryParse("h.0.hook_resid_pre").map(HookName::toString)).contains("blocks.0.hook_resid_pre");
		assertThat(HookName.tryParse("layers.2.mlp.hook_result_post").map(HookName::toString))
			.contains("blocks.2.hook_mlp_out");
		assertThat(HookName.tryParse("layers.1.self_attn.hook_result_pre").map(HookName::toString))
			.contains("blocks.1.ln1.hook_normalized");
		assertThat(HookName.tryParse("h.4.attn.hook_result_post").map(HookName::toString))
			.contains("blocks.4.hook_attn_out");
		assertThat(HookName.tryParse("layers.0.attention.hook_result_pre").map(HookName::toString))
			.contains("blocks.0.ln1.hook_normalized");
		assertThat(HookName.tryParse("layers.5.mlp.hook_result_pre").map(HookName::toString))
			.contains("blocks.5.ln2.hook_normalized");
		assertThat(HookName.tryParse("h.1.hook_resid_post").map(HookName::toString))
			.contains("blocks.1.hook_resid_post");
	}

	@Test
	void namesThatAreNotHookNamesDoNotParse() {
		for (String text : List.of("", "blocks", "blocks.x.hook_resid_pre", "blocks.0.hook_embed", "hook_resid_pre",
				"blocks.0.logits", "h.0.attn.hook_pattern", "layers.1.hook_nonsense", "Blocks.0.hook_resid_pre",
				"blocks.-1.hook_resid_pre")) {
			assertThat(HookName.tryParse(text)).as("'%s'", text).isEqualTo(Optional.empty());
		}
	}

	@ParameterizedTest
	@EnumSource(HookPoint.class)
	void everyHookPointRoundTripsThroughItsName(HookPoint point) {
		HookName name = point.perBlock() ? HookName.of(point, 7) : HookName.of(point);
		String text = name.toString();
		assertThat(text).isEqualTo(point.perBlock() ? "blocks.7." + point.suffix() : point.suffix());
		assertThat(HookName.tryParse(text)).contains(name);
	}

	@Test
	void layerIsRequiredExactlyForBlockPoints() {
		assertThatThrownBy(() -> HookName.of(HookPoint.RESID_PRE)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("hook_resid_pre");
		assertThatThrownBy(() -> HookName.of(HookPoint.EMBED, 0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("hook_embed");
	}

	@Test
	void misspelledNameIsRefusedWithTheClosestRealName() {
		assertThatThrownBy(() -> HookName.parse("blocks.0.attn.hook_patern", llama.hookNames()))
			.isInstanceOfSatisfying(UnknownHookException.class, ex -> {
				assertThat(ex.name()).isEqualTo("blocks.0.attn.hook_patern");
				assertThat(ex.closest()).isEqualTo("blocks.0.attn.hook_pattern");
				assertThat(ex.getMessage()).contains("not a hook name").contains("'blocks.0.attn.hook_pattern'");
			});
	}

	@Test
	void parseAcceptsNamesAndAliasesTheModelHas() {
		assertThat(HookName.parse("blocks.1.attn.hook_rot_k", llama.hookNames()))
			.isEqualTo(HookName.of(HookPoint.ROT_K, 1));
		assertThat(HookName.parse("layers.1.self_attn.hook_result_pre", llama.hookNames()))
			.isEqualTo(HookName.of(HookPoint.LN1_NORMALIZED, 1));
		assertThat(HookName.parse("hook_pos_embed", gpt2.hookNames())).isEqualTo(HookName.of(HookPoint.POS_EMBED));
		assertThat(HookName.parse("blocks.0.hook_resid_mid", gpt2.hookNames()))
			.isEqualTo(HookName.of(HookPoint.RESID_MID, 0));
	}

	@Test
	void transformerLensHookThisModelLacksIsRefused() {
		assertThat(HookName.tryParse("hook_pos_embed")).isPresent();
		assertThatThrownBy(() -> HookName.parse("hook_pos_embed", llama.hookNames())).isInstanceOfSatisfying(
				UnknownHookException.class,
				ex -> assertThat(ex.getMessage()).contains("this model has no such hook point"));
		assertThatThrownBy(() -> HookName.parse("blocks.0.hook_resid_mid", gptNeox.hookNames())).isInstanceOfSatisfying(
				UnknownHookException.class,
				ex -> assertThat(ex.getMessage()).contains("this model has no such hook point"));
		assertThatThrownBy(() -> HookName.parse("blocks.0.attn.hook_rot_q", gpt2.hookNames()))
			.isInstanceOf(UnknownHookException.class);
		assertThatThrownBy(() -> HookName.parse("blocks.0.mlp.hook_pre_linear", gpt2.hookNames()))
			.isInstanceOf(UnknownHookException.class);
	}

	@Test
	void layerBeyondTheModelIsRefused() {
		assertThat(llama.config().nLayers()).isEqualTo(2);
		assertThatThrownBy(() -> HookName.parse("blocks.2.hook_resid_pre", llama.hookNames()))
			.isInstanceOfSatisfying(UnknownHookException.class, ex -> {
				assertThat(ex.getMessage()).contains("this model has no such hook point");
				// one edit away from both real layers' resid_pre
				assertThat(ex.closest()).isIn("blocks.0.hook_resid_pre", "blocks.1.hook_resid_pre");
			});
		assertThatThrownBy(() -> HookName.parse("blocks.99999999999.hook_resid_pre", llama.hookNames()))
			.isInstanceOf(UnknownHookException.class);
	}

	static HookedAutoModel load(String architecture) throws IOException {
		return HookedAutoModel.load(resource("hf-reference/" + architecture), new LoadOptions(DType.FLOAT32, "cpu"));
	}

	static Path resource(String folder) {
		try {
			return Paths.get(HookNameTest.class.getClassLoader().getResource(folder).toURI());
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new IllegalStateException("test resource folder missing: " + folder, ex);
		}
	}

}
