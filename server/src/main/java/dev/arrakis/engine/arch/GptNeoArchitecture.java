package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * GPT-Neo: GPT-2's block with separate q/k/v projections (no bias), layers alternating
 * global and local (sliding window) attention, and no 1/sqrt(d_head) score scaling.
 * Reference: transformers {@code models/gpt_neo/modeling_gpt_neo.py}.
 */
final class GptNeoArchitecture implements Architecture {

	@Override
	public String modelType() {
		return "gpt_neo";
	}

	@Override
	public List<String> aliases() {
		return List.of("gpt-neo");
	}

	@Override
	public HookedAutoConfig config(HfConfig hf) {
		ConfigBuilder c = new ConfigBuilder(modelType());
		c.dModel = hf.intOr("hidden_size", 2048);
		c.nLayers = hf.intOr("num_layers", 24);
		c.nHeads = hf.intOr("num_heads", 16);
		c.nKeyValueHeads = c.nHeads;
		c.dHead = c.dModel / c.nHeads;
		c.dMlp = hf.intOr("intermediate_size", 4 * c.dModel);
		c.dVocab = hf.intOr("vocab_size", 50257);
		c.nCtx = hf.intOr("max_position_embeddings", 2048);
		c.eps = hf.doubleOr("layer_norm_epsilon", 1e-5);
		c.activation = Activation.fromHf(hf.stringOr("activation_function", "gelu_new"));
		c.tiedEmbeddings = hf.booleanOr("tie_word_embeddings", true);
		c.attentionScale = 1.0;
		int window = hf.intOr("window_size", 256);
		List<AttentionType> types = new ArrayList<>();
		for (String layerType : layerTypes(hf, c.nLayers)) {
			types.add(switch (layerType) {
				case "global" -> AttentionType.GLOBAL;
				case "local" -> AttentionType.sliding(window);
				default -> throw hf.unsupported("attention_types", "'global' and 'local' layers");
			});
		}
		c.attentionTypes = types;
		c.specialTokens = HookedAutoConfig.SpecialTokens.read(hf);
		hf.requireAllHandled();
		return c.build();
	}

	/**
	 * attention_types [[["global", "local"], 12]] expands to attention_layers, which wins
	 * when present.
	 */
	private static List<String> layerTypes(HfConfig hf, int nLayers) {
		List<String> types = new ArrayList<>();
		JsonElement explicit = hf.raw("attention_layers");
		JsonElement compact = hf.raw("attention_types");
		if (explicit != null) {
			explicit.getAsJsonArray().forEach(e -> types.add(e.getAsString()));
		}
		else if (compact != null) {
			for (JsonElement group : compact.getAsJsonArray()) {
				int repeats = group.getAsJsonArray().get(1).getAsInt();
				for (int r = 0; r < repeats; r++) {
					group.getAsJsonArray().get(0).getAsJsonArray().forEach(e -> types.add(e.getAsString()));
				}
			}
		}
		else {
			for (int l = 0; l < nLayers; l++) {
				types.add(l % 2 == 0 ? "global" : "local");
			}
		}
		if (types.size() != nLayers) {
			throw hf.unsupported("attention_layers", "one entry per layer (" + nLayers + ")");
		}
		return types;
	}

	@Override
	public void convert(TensorSource source, HookedAutoConfig c, StateDict out) throws IOException {
		String root = source.has("transformer.wte.weight") ? "transformer." : "";
		int d = c.dModel();
		int inner = c.nHeads() * c.dHead();
		out.put("embed.W_E", source.take(root + "wte.weight", new Shape(c.dVocab(), d)));
		out.put("pos_embed.W_pos", source.take(root + "wpe.weight", new Shape(c.nCtx(), d)));
		for (int l = 0; l < c.nLayers(); l++) {
			String hf = root + "h." + l + ".";
			String attn = hf + "attn.attention.";
			String block = "blocks." + l + ".";
			Conversions.norm(source, hf + "ln_1", block + "ln1", d, true, out);
			Conversions.norm(source, hf + "ln_2", block + "ln2", d, true, out);
			String[] names = { "Q", "K", "V" };
			String[] projections = { "q_proj", "k_proj", "v_proj" };
			for (int i = 0; i < 3; i++) {
				out.put(block + "attn.W_" + names[i],
						Conversions.headsIn(Conversions.linear(source, attn + projections[i] + ".weight", inner, d),
								c.nHeads(), c.dHead()));
				out.putZeros(block + "attn.b_" + names[i], new Shape(c.nHeads(), c.dHead()));
			}
			out.put(block + "attn.W_O", Conversions
				.headsOut(Conversions.linear(source, attn + "out_proj.weight", d, inner), c.nHeads(), c.dHead()));
			out.put(block + "attn.b_O", source.take(attn + "out_proj.bias", new Shape(d)));
			out.put(block + "mlp.W_in", Conversions.linear(source, hf + "mlp.c_fc.weight", c.dMlp(), d));
			out.put(block + "mlp.b_in", source.take(hf + "mlp.c_fc.bias", new Shape(c.dMlp())));
			out.put(block + "mlp.W_out", Conversions.linear(source, hf + "mlp.c_proj.weight", d, c.dMlp()));
			out.put(block + "mlp.b_out", source.take(hf + "mlp.c_proj.bias", new Shape(d)));
			Conversions.dropBuffers(source, attn + "bias", attn + "masked_bias");
		}
		Conversions.norm(source, root + "ln_f", "ln_final", d, true, out);
		Conversions.unembed(source, c, out, "lm_head.weight");
	}

}
