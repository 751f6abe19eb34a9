package dev.arrakis.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

import static dev.arrakis.engine.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The weights tools read, in TransformerLens layout, recompute the model's own
 * activations: q = ln1(x) W_Q[h] + b_Q[h] (k and v through each head's key/value group),
 * result[h] = z[h] W_O[h], attn_out = sum_h result + b_O, the MLP's pre-activation and
 * output, the final norm and the logits. Reading them leaves the logits bit-identical.
 */
class CanonicalWeightsAccessTest {

	private static final long[] TOKENS = { 5, 17, 99, 5, 17, 99, 3 };

	private static final double ATOL = 1e-5;

	private static final double RTOL = 1e-4;

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void canonicalWeightsRecomputeTheModelsActivations(String architecture) throws IOException, URISyntaxException {
		Path folder = Paths.get(getClass().getClassLoader().getResource("hf-reference/" + architecture).toURI());
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
			HookedAutoConfig config = model.config();
			float[] before;
			try (RunResult plain = model.runWithHooks(ModelInput.of(TOKENS), dev.arrakis.engine.hooks.Hooks.none())) {
				before = plain.output().toFloatArray();
			}
			try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
				var cache = run.cache();
				int layer = config.nLayers() - 1;
				String block = "blocks." + layer + ".";
				NDArray normalized = cache.get(HookName.of(HookPoint.LN1_NORMALIZED, layer));
				NDArray wQ = model.weight(block + "attn.W_Q", manager);
				NDArray bQ = model.weight(block + "attn.b_Q", manager);
				NDArray wK = model.weight(block + "attn.W_K", manager);
				NDArray bK = model.weight(block + "attn.b_K", manager);
				NDArray wV = model.weight(block + "attn.W_V", manager);
				NDArray bV = model.weight(block + "attn.b_V", manager);
				NDArray wO = model.weight(block + "attn.W_O", manager);
				NDArray bO = model.weight(block + "attn.b_O", manager);
				NDArray q = cache.get(HookName.of(HookPoint.ATTN_Q, layer));
				NDArray k = cache.get(HookName.of(HookPoint.ATTN_K, layer));
				NDArray v = cache.get(HookName.of(HookPoint.ATTN_V, layer));
				NDArray z = cache.get(HookName.of(HookPoint.Z, layer));
				NDArray result = cache.get(HookName.of(HookPoint.RESULT, layer));
				NDArray attnSum = bO.duplicate();
				for (int head = 0; head < config.nHeads(); head++) {
					int group = head / config.groupSize();
					NDIndex at = new NDIndex(":, :, {}", head);
					NDIndex atGroup = new NDIndex(":, :, {}", group);
					assertClose("q head " + head, normalized.matMul(wQ.get(head)).add(bQ.get(head)), q.get(at), ATOL,
							RTOL);
					assertClose("k head " + head, normalized.matMul(wK.get(group)).add(bK.get(group)), k.get(atGroup),
							ATOL, RTOL);
					assertClose("v head " + head, normalized.matMul(wV.get(group)).add(bV.get(group)), v.get(atGroup),
							ATOL, RTOL);
					NDArray headResult = z.get(at).matMul(wO.get(head));
					assertClose("result head " + head, headResult, result.get(at), ATOL, RTOL);
					attnSum = attnSum.add(headResult);
				}
				assertClose("attn_out", attnSum, cache.get(HookName.of(HookPoint.ATTN_OUT, layer)), ATOL, RTOL);

				NDArray mlpIn = cache.get(HookName.of(HookPoint.LN2_NORMALIZED, layer));
				NDArray wIn = model.weight(block + "mlp.W_in", manager);
				NDArray bIn = model.weight(block + "mlp.b_in", manager);
				if (config.mlp() == MlpKind.GATED) {
					assertClose("gate", mlpIn.matMul(model.weight(block + "mlp.W_gate", manager)),
							cache.get(HookName.of(HookPoint.MLP_PRE, layer)), ATOL, RTOL);
					assertClose("linear", mlpIn.matMul(wIn).add(bIn),
							cache.get(HookName.of(HookPoint.MLP_PRE_LINEAR, layer)), ATOL, RTOL);
				}
				else {
					assertClose("mlp pre", mlpIn.matMul(wIn).add(bIn), cache.get(HookName.of(HookPoint.MLP_PRE, layer)),
							ATOL, RTOL);
				}
				assertClose("mlp out",
						cache.get(HookName.of(HookPoint.MLP_POST, layer))
							.matMul(model.weight(block + "mlp.W_out", manager))
							.add(model.weight(block + "mlp.b_out", manager)),
						cache.get(HookName.of(HookPoint.MLP_OUT, layer)), ATOL, RTOL);

				NDArray residual = cache.get(HookName.residPost(layer));
				NDArray scale = cache.get(HookName.of(HookPoint.LN_FINAL_SCALE));
				NDArray centred = config.norm() == Norm.LAYER_NORM ? residual.sub(residual.mean(new int[] { -1 }, true))
						: residual;
				NDArray finalNorm = centred.div(scale).mul(model.weight("ln_final.w", manager));
				if (config.norm() == Norm.LAYER_NORM) {
					finalNorm = finalNorm.add(model.weight("ln_final.b", manager));
				}
				assertClose("ln_final", finalNorm, cache.get(HookName.of(HookPoint.LN_FINAL_NORMALIZED)), ATOL, RTOL);
				assertClose("logits", finalNorm.matMul(model.weight("unembed.W_U", manager))
					.add(model.weight("unembed.b_U", manager)), run.output(), 1e-4, RTOL);
				assertClose("embed", model.weight("embed.W_E", manager).get(manager.create(TOKENS)).expandDims(0),
						cache.get(HookName.of(HookPoint.EMBED)), 0, 0);
			}
			assertThat(model.weightNames()).contains("embed.W_E", "unembed.W_U", "blocks.0.attn.W_Q");
			assertThatThrownBy(() -> model.weight("blocks." + config.nLayers() + ".attn.W_Q", manager))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("No weight 'blocks." + config.nLayers() + ".attn.W_Q'")
				.hasMessageContaining("blocks.{0.." + (config.nLayers() - 1) + "}");
			try (RunResult after = model.runWithHooks(ModelInput.of(TOKENS), dev.arrakis.engine.hooks.Hooks.none())) {
				assertThat(after.output().toFloatArray()).containsExactly(before);
			}
		}
	}

}
