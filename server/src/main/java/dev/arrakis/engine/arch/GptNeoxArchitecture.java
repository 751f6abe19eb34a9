package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.config.Residual;
import dev.arrakis.engine.config.RopeParameters;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * GPT-NeoX (Pythia): parallel residual, partial rotary (25% by default), fused
 * query_key_value interleaved per head. Reference: transformers
 * {@code models/gpt_neox/modeling_gpt_neox.py}.
 */
final class GptNeoxArchitecture implements Architecture {

	@Override
	public String modelType() {
		return "gpt_neox";
	}

	@Override
	public List<String> aliases() {
		return List.of("gpt-neox");
	}

	@Override
	public HookedAutoConfig config(HfConfig hf) {
		ConfigBuilder c = new ConfigBuilder(modelType());
		c.dModel = hf.intOr("hidden_size", 6144);
		c.nLayers = hf.intOr("num_hidden_layers", 44);
		c.nHeads = hf.intOr("num_attention_heads", 64);
		c.nKeyValueHeads = c.nHeads;
		c.dHead = c.dModel / c.nHeads;
		c.dMlp = hf.intOr("intermediate_size", 4 * c.dModel);
		c.dVocab = hf.intOr("vocab_size", 50432);
		c.nCtx = hf.intOr("max_position_embeddings", 2048);
		c.eps = hf.doubleOr("layer_norm_eps", 1e-5);
		c.activation = Activation.fromHf(hf.stringOr("hidden_act", "gelu"));
		c.positional = RopeParameters.from(hf, c.dHead, 10000, 0.25);
		c.residual = hf.booleanOr("use_parallel_residual", true) ? Residual.PARALLEL : Residual.SEQUENTIAL;
		c.tiedEmbeddings = hf.booleanOr("tie_word_embeddings", false);
		if (!hf.booleanOr("attention_bias", true)) {
			throw hf.unsupported("attention_bias", "true");
		}
		c.specialTokens = HookedAutoConfig.SpecialTokens.read(hf);
		hf.requireAllHandled();
		return c.build();
	}

	@Override
	public void convert(TensorSource source, HookedAutoConfig c, StateDict out) throws IOException {
		int d = c.dModel();
		int heads = c.nHeads();
		int dHead = c.dHead();
		out.put("embed.W_E", source.take("gpt_neox.embed_in.weight", new Shape(c.dVocab(), d)));
		for (int l = 0; l < c.nLayers(); l++) {
			String hf = "gpt_neox.layers." + l + ".";
			String block = "blocks." + l + ".";
			Conversions.norm(source, hf + "input_layernorm", block + "ln1", d, true, out);
			Conversions.norm(source, hf + "post_attention_layernorm", block + "ln2", d, true, out);
			// query_key_value.weight [3 d_model, d_model] = "(h qkv i) m"
			NDArray qkv = source.take(hf + "attention.query_key_value.weight", new Shape(3L * d, d))
				.reshape(heads, 3, dHead, d);
			NDArray qkvBias = source.take(hf + "attention.query_key_value.bias", new Shape(3L * d))
				.reshape(heads, 3, dHead);
			String[] names = { "Q", "K", "V" };
			for (int i = 0; i < 3; i++) {
				out.put(block + "attn.W_" + names[i], qkv.get(new NDIndex(":, {}, :, :", i)).transpose(0, 2, 1));
				out.put(block + "attn.b_" + names[i], qkvBias.get(new NDIndex(":, {}, :", i)));
			}
			out.put(block + "attn.W_O", Conversions
				.headsOut(Conversions.linear(source, hf + "attention.dense.weight", d, heads * dHead), heads, dHead));
			out.put(block + "attn.b_O", source.take(hf + "attention.dense.bias", new Shape(d)));
			out.put(block + "mlp.W_in", Conversions.linear(source, hf + "mlp.dense_h_to_4h.weight", c.dMlp(), d));
			out.put(block + "mlp.b_in", source.take(hf + "mlp.dense_h_to_4h.bias", new Shape(c.dMlp())));
			out.put(block + "mlp.W_out", Conversions.linear(source, hf + "mlp.dense_4h_to_h.weight", d, c.dMlp()));
			out.put(block + "mlp.b_out", source.take(hf + "mlp.dense_4h_to_h.bias", new Shape(d)));
			Conversions.dropBuffers(source, hf + "attention.bias", hf + "attention.masked_bias",
					hf + "attention.rotary_emb.inv_freq");
		}
		Conversions.norm(source, "gpt_neox.final_layer_norm", "ln_final", d, true, out);
		Conversions.unembed(source, c, out, "embed_out.weight");
	}

}
