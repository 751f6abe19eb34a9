package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook catalogue against what a forward pass really produces, for the 9 Hugging Face
 * reference models: caching everything caches exactly the catalogue, in execution order,
 * each tensor with its declared shape; and asking for the per-head
 * {@code attn.hook_result} changes nothing else.
 */
class HookCatalogueTest {

	/**
	 * Summing per-head results reorders float32 additions relative to the fused z W_O
	 * product: about 1e-5 at values near 2 on CPU, so the b_O identity is held to an
	 * absolute plus relative bound.
	 */
	private static final double ATOL = 1e-5;

	private static final double RTOL = 1e-5;

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void cachingEverythingProducesEveryCataloguedHookWithItsDeclaredShape(String architecture) throws IOException {
		Path folder = ReferenceData.resource("hf-reference/" + architecture);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			ModelInput input = ModelInput
				.of(ReferenceData.open(folder.resolve("reference.safetensors"), manager).longs("input_ids"));
			assertThat(input.batch()).isEqualTo(2);
			try (RunResult run = model.runWithCache(input, HookFilter.all(), null)) {
				assertThat(run.cache().names()).as(architecture + " cached names, in order")
					.containsExactlyElementsOf(model.hookNames());
				Map<String, String> declared = new LinkedHashMap<>();
				model.hookCatalogue().forEach(info -> declared.put(info.name(), info.shape()));
				assertThat(declared.keySet())
					.containsExactlyElementsOf(model.hookNames().stream().map(HookName::toString).toList());
				for (HookName name : model.hookNames()) {
					long[] expected = resolve(declared.get(name.toString()), input);
					assertThat(run.cache().get(name).getShape().getShape()).as("%s %s", architecture, name)
						.containsExactly(expected);
				}
				NDArray logits = run.cache().get(HookName.of(HookPoint.LOGITS));
				assertThat(logits.contentEquals(run.output())).as("cached logits are the output").isTrue();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void perHeadResultsSumToTheAttentionOutputAndChangeNothing(String architecture) throws IOException {
		Path folder = ReferenceData.resource("hf-reference/" + architecture);
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			ModelInput input = ModelInput
				.of(ReferenceData.open(folder.resolve("reference.safetensors"), manager).longs("input_ids"));
			HookFilter withoutResult = HookFilter.of(name -> name.point() != HookPoint.RESULT);
			try (RunResult all = model.runWithCache(input, HookFilter.all(), null);
					RunResult plain = model.runWithCache(input, withoutResult, null)) {
				assertThat(plain.cache().names()).noneMatch(name -> name.point() == HookPoint.RESULT);
				// Caching hook_result only reads: every other number is bit-identical.
				TensorAssert.assertClose(architecture + " logits with and without hook_result", all.output(),
						plain.output(), 0, 0);
				for (int layer = 0; layer < model.config().nLayers(); layer++) {
					HookName attnOut = HookName.of(HookPoint.ATTN_OUT, layer);
					NDArray out = all.cache().get(attnOut);
					String label = "%s blocks.%d ".formatted(architecture, layer);
					TensorAssert.assertClose(label + "hook_attn_out with and without hook_result", out,
							plain.cache().get(attnOut), 0, 0);
					// attn_out - sum_h result_h is b_O: one vector, the same at every
					// batch row and position.
					NDArray bias = out.sub(all.cache().get(HookName.of(HookPoint.RESULT, layer)).sum(new int[] { 2 }));
					NDArray first = bias.get(new NDIndex("0:1, 0:1, :"));
					TensorAssert.assertClose(label + "attn_out - sum of head results is constant", bias,
							first.broadcast(bias.getShape()), ATOL, RTOL);
				}
			}
		}
	}

	/**
	 * "[batch, pos, 4, 16]" with batch and pos (query_pos, key_pos) taken from
	 * {@code input}.
	 */
	private static long[] resolve(String declared, ModelInput input) {
		assertThat(declared).startsWith("[").endsWith("]");
		List<String> dims = Arrays.asList(declared.substring(1, declared.length() - 1).split(", "));
		return dims.stream().mapToLong(dim -> switch (dim) {
			case "batch" -> input.batch();
			case "pos", "query_pos", "key_pos" -> input.length();
			default -> Long.parseLong(dim);
		}).toArray();
	}

}
