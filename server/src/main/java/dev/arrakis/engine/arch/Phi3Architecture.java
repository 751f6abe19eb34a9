package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.config.RopeParameters;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * Phi-3: the Llama block with fused projections: qkv_proj rows are [Q (H d_head) | K
 * (H_kv d_head) | V (H_kv d_head)] and gate_up_proj rows are [gate d_mlp | up d_mlp].
 * Reference: transformers {@code models/phi3/modeling_phi3.py}.
 */
final class Phi3Architecture implements Architecture {

	@Override
	public String modelType() {
		return "phi3";
	}

	@Override
	public List<String> aliases() {
		return List.of();
	}

	@Override
	public HookedAutoConfig config(HfConfig hf) {
		ConfigBuilder c = new ConfigBuilder(modelType());
		c.dModel = hf.intOr("hidden_size", 3072);
		c.nLayers = hf.intOr("num_hidden_layers", 32);
		c.nHeads = hf.intOr("num_attention_heads", 32);
		c.nKeyValueHeads = hf.intOr("num_key_value_heads", c.nHeads);
		c.dHead = hf.intOr("head_dim", c.dModel / c.nHeads);
		c.dMlp = hf.intOr("intermediate_size", 8192);
		c.dVocab = hf.intOr("vocab_size", 32064);
		c.nCtx = hf.intOr("max_position_embeddings", 4096);
		c.norm = Norm.RMS_NORM;
		c.eps = hf.doubleOr("rms_norm_eps", 1e-5);
		c.activation = Activation.fromHf(hf.stringOr("hidden_act", "silu"));
		c.mlp = MlpKind.GATED;
		c.positional = RopeParameters.from(hf, c.dHead, 10000, 1.0);
		c.tiedEmbeddings = hf.booleanOr("tie_word_embeddings", false);
		if (hf.has("sliding_window")) {
			c.attentionTypes = Collections.nCopies(c.nLayers, AttentionType.sliding(hf.requiredInt("sliding_window")));
		}
		// Only consulted by the long-context rope types, which RopeParameters refuses.
		hf.ignore("original_max_position_embeddings");
		c.specialTokens = HookedAutoConfig.SpecialTokens.read(hf);
		hf.requireAllHandled();
		return c.build();
	}

	@Override
	public void convert(TensorSource source, HookedAutoConfig c, StateDict out) throws IOException {
		int d = c.dModel();
		int heads = c.nHeads();
		int kvHeads = c.nKeyValueHeads();
		int dHead = c.dHead();
		out.put("embed.W_E", source.take("model.embed_tokens.weight", new Shape(c.dVocab(), d)));
		for (int l = 0; l < c.nLayers(); l++) {
			String hf = "model.layers." + l + ".";
			String block = "blocks." + l + ".";
			Conversions.norm(source, hf + "input_layernorm", block + "ln1", d, false, out);
			Conversions.norm(source, hf + "post_attention_layernorm", block + "ln2", d, false, out);
			int qRows = heads * dHead;
			int kvRows = kvHeads * dHead;
			NDArray qkv = Conversions.linear(source, hf + "self_attn.qkv_proj.weight", qRows + 2 * kvRows, d);
			NDList parts = qkv.split(new long[] { qRows, qRows + kvRows }, 1);
			out.put(block + "attn.W_Q", Conversions.headsIn(parts.get(0), heads, dHead));
			out.put(block + "attn.W_K", Conversions.headsIn(parts.get(1), kvHeads, dHead));
			out.put(block + "attn.W_V", Conversions.headsIn(parts.get(2), kvHeads, dHead));
			out.putZeros(block + "attn.b_Q", new Shape(heads, dHead));
			out.putZeros(block + "attn.b_K", new Shape(kvHeads, dHead));
			out.putZeros(block + "attn.b_V", new Shape(kvHeads, dHead));
			out.put(block + "attn.W_O", Conversions
				.headsOut(Conversions.linear(source, hf + "self_attn.o_proj.weight", d, heads * dHead), heads, dHead));
			out.putZeros(block + "attn.b_O", new Shape(d));
			NDList gateUp = Conversions.linear(source, hf + "mlp.gate_up_proj.weight", 2 * c.dMlp(), d).split(2, 1);
			out.put(block + "mlp.W_gate", gateUp.get(0));
			out.put(block + "mlp.W_in", gateUp.get(1));
			out.putZeros(block + "mlp.b_in", new Shape(c.dMlp()));
			out.put(block + "mlp.W_out", Conversions.linear(source, hf + "mlp.down_proj.weight", d, c.dMlp()));
			out.putZeros(block + "mlp.b_out", new Shape(d));
		}
		Conversions.norm(source, "model.norm", "ln_final", d, false, out);
		Conversions.unembed(source, c, out, "lm_head.weight");
	}

}
