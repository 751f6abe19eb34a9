package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 9 seed architectures against activations Hugging Face transformers produced for the
 * same random weights: logits, every block's
 * resid_pre/resid_post/attn_out/mlp_out/pattern, the final norm, a left-padded batch and
 * greedy generation. Tolerance (float32 on CPU): |got - ref| <= 1e-4 + 1e-5 |ref|, as the
 * reference data's README advises.
 */
class HfReferenceParityTest {

	static final double ATOL = 1e-4;

	static final double RTOL = 1e-5;

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void matchesHuggingFace(String architecture) throws IOException {
		Path folder = ReferenceData.resource("hf-reference/" + architecture);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			ReferenceData ref = ReferenceData.open(folder.resolve("reference.safetensors"), manager);
			assertActivationsMatch(model, ref);
			assertPaddedBatchMatches(model, ref);
			long[][] generated = model.generate(ModelInput.of(ref.longs("generate_prompt")),
					GenerationOptions.greedy(8));
			assertThat(generated).as(architecture + " greedy generation").isEqualTo(ref.longs("generate_ids"));
		}
	}

	/**
	 * The left-padded batch, compared at real tokens only: what a padding query position
	 * computes (it may see no key at all) is undefined, and Hugging Face's own attention
	 * implementations disagree on it.
	 */
	static void assertPaddedBatchMatches(HookedAutoModel model, ReferenceData ref) throws IOException {
		long[][] mask = ref.longs("padded_attention_mask");
		try (RunResult padded = model.runWithHooks(
				new ModelInput(ref.longs("padded_input_ids"), mask, ref.longs("padded_position_ids")), Hooks.none())) {
			NDArray expected = ref.get("padded_logits");
			for (int row = 0; row < mask.length; row++) {
				for (int position = 0; position < mask[row].length; position++) {
					if (mask[row][position] == 1) {
						NDIndex at = new NDIndex(row + ", " + position);
						TensorAssert.assertClose("%s padded_logits[%d, %d]".formatted(model.name(), row, position),
								padded.output().get(at), expected.get(at), ATOL, RTOL);
					}
				}
			}
		}
	}

	/**
	 * Compares every reference key the model's cache can produce; returns the keys
	 * compared.
	 */
	static List<String> assertActivationsMatch(HookedAutoModel model, ReferenceData ref) throws IOException {
		List<String> compared = new ArrayList<>();
		ModelInput input = ModelInput.of(ref.longs("input_ids"));
		try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
			String label = model.name() + " ";
			TensorAssert.assertClose(label + "logits", run.output(), ref.get("logits"), ATOL, RTOL);
			compared.add("logits");
			for (int l = 0; l < model.config().nLayers(); l++) {
				compare(label, run, ref, "resid_pre." + l, "blocks." + l + ".hook_resid_pre", compared);
				compare(label, run, ref, "resid_post." + l, "blocks." + l + ".hook_resid_post", compared);
				compare(label, run, ref, "attn_out." + l, "blocks." + l + ".hook_attn_out", compared);
				compare(label, run, ref, "mlp_out." + l, "blocks." + l + ".hook_mlp_out", compared);
				compare(label, run, ref, "pattern." + l, "blocks." + l + ".attn.hook_pattern", compared);
			}
			compare(label, run, ref, "hidden_states_last", "ln_final.hook_normalized", compared);
		}
		return compared;
	}

	private static void compare(String label, RunResult run, ReferenceData ref, String key, String hook,
			List<String> compared) throws IOException {
		NDArray expected = ref.get(key);
		TensorAssert.assertClose(label + key + " (" + hook + ")", run.cache().get(hook), expected, ATOL, RTOL);
		compared.add(key);
	}

}
