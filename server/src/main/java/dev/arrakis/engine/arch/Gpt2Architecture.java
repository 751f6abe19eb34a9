package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * GPT-2: LayerNorm, learned positions, fused c_attn stored as Conv1D (already [in, out]),
 * tied unembedding. Reference: transformers {@code models/gpt2/modeling_gpt2.py}.
 */
final class Gpt2Architecture implements Architecture {

	@Override
	public String modelType() {
		return "gpt2";
	}

	@Override
	public List<String> aliases() {
		return List.of();
	}

	@Override
	public HookedAutoConfig config(HfConfig hf) {
		ConfigBuilder c = new ConfigBuilder(modelType());
		c.dModel = hf.intOr("n_embd", 768);
		c.nLayers = hf.intOr("n_layer", 12);
		c.nHeads = hf.intOr("n_head", 12);
		c.nKeyValueHeads = c.nHeads;
		c.dHead = c.dModel / c.nHeads;
		c.dMlp = hf.intOr("n_inner", 4 * c.dModel);
		c.dVocab = hf.intOr("vocab_size", 50257);
		c.nCtx = hf.intOr("n_positions", 1024);
		c.eps = hf.doubleOr("layer_norm_epsilon", 1e-5);
		c.activation = Activation.fromHf(hf.stringOr("activation_function", "gelu_new"));
		c.tiedEmbeddings = hf.booleanOr("tie_word_embeddings", true);
		if (!hf.booleanOr("scale_attn_weights", true)) {
			c.attentionScale = 1.0;
		}
		if (hf.booleanOr("scale_attn_by_inverse_layer_idx", false)) {
			throw hf.unsupported("scale_attn_by_inverse_layer_idx", "false");
		}
		if (hf.booleanOr("add_cross_attention", false)) {
			throw hf.unsupported("add_cross_attention", "false");
		}
		hf.ignore("reorder_and_upcast_attn", "n_ctx");
		c.specialTokens = HookedAutoConfig.SpecialTokens.read(hf);
		hf.requireAllHandled();
		return c.build();
	}

	@Override
	public void convert(TensorSource source, HookedAutoConfig c, StateDict out) throws IOException {
		String root = source.has("transformer.wte.weight") ? "transformer." : "";
		int d = c.dModel();
		out.put("embed.W_E", source.take(root + "wte.weight", new Shape(c.dVocab(), d)));
		out.put("pos_embed.W_pos", source.take(root + "wpe.weight", new Shape(c.nCtx(), d)));
		for (int l = 0; l < c.nLayers(); l++) {
			String hf = root + "h." + l + ".";
			String block = "blocks." + l + ".";
			Conversions.norm(source, hf + "ln_1", block + "ln1", d, true, out);
			Conversions.norm(source, hf + "ln_2", block + "ln2", d, true, out);
			// c_attn.weight [d_model, 3 d_model] = "m (qkv h i)"
			NDList qkv = source.take(hf + "attn.c_attn.weight", new Shape(d, 3L * d)).split(3, 1);
			NDList qkvBias = source.take(hf + "attn.c_attn.bias", new Shape(3L * d)).split(3);
			String[] names = { "Q", "K", "V" };
			for (int i = 0; i < 3; i++) {
				out.put(block + "attn.W_" + names[i], Conversions.headsIn(qkv.get(i), c.nHeads(), c.dHead()));
				out.put(block + "attn.b_" + names[i], Conversions.headBias(qkvBias.get(i), c.nHeads(), c.dHead()));
			}
			NDArray wO = source.take(hf + "attn.c_proj.weight", new Shape(d, d));
			out.put(block + "attn.W_O", Conversions.headsOut(wO, c.nHeads(), c.dHead()));
			out.put(block + "attn.b_O", source.take(hf + "attn.c_proj.bias", new Shape(d)));
			out.put(block + "mlp.W_in", source.take(hf + "mlp.c_fc.weight", new Shape(d, c.dMlp())));
			out.put(block + "mlp.b_in", source.take(hf + "mlp.c_fc.bias", new Shape(c.dMlp())));
			out.put(block + "mlp.W_out", source.take(hf + "mlp.c_proj.weight", new Shape(c.dMlp(), d)));
			out.put(block + "mlp.b_out", source.take(hf + "mlp.c_proj.bias", new Shape(d)));
			Conversions.dropBuffers(source, hf + "attn.bias", hf + "attn.masked_bias");
		}
		Conversions.norm(source, root + "ln_f", "ln_final", d, true, out);
		Conversions.unembed(source, c, out, "lm_head.weight");
	}

}
