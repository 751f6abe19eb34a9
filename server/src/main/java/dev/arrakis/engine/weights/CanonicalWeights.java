package dev.arrakis.engine.weights;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;

/**
 * The TransformerLens names and shapes of every weight a configuration needs. Biases the
 * checkpoint lacks are zeros.
 *
 * <pre>
 * embed.W_E [d_vocab, d_model]          pos_embed.W_pos [n_ctx, d_model] (learned positions only)
 * blocks.L.ln1.w, ln1.b [d_model]       (b for LayerNorm only; same for ln2 and ln_final)
 * blocks.L.attn.W_Q [n_heads, d_model, d_head]       b_Q [n_heads, d_head]
 * blocks.L.attn.W_K, W_V [n_kv_heads, d_model, d_head]  b_K, b_V [n_kv_heads, d_head]
 * blocks.L.attn.W_O [n_heads, d_head, d_model]       b_O [d_model]
 * blocks.L.mlp.W_in [d_model, d_mlp]  b_in [d_mlp]  W_gate [d_model, d_mlp] (gated only)
 * blocks.L.mlp.W_out [d_mlp, d_model]  b_out [d_model]
 * unembed.W_U [d_model, d_vocab]  unembed.b_U [d_vocab]
 * </pre>
 */
public final class CanonicalWeights {

	private CanonicalWeights() {
	}

	public static Map<String, Shape> shapes(HookedAutoConfig c) {
		Map<String, Shape> shapes = new LinkedHashMap<>();
		shapes.put("embed.W_E", new Shape(c.dVocab(), c.dModel()));
		if (c.positional().learned()) {
			shapes.put("pos_embed.W_pos", new Shape(c.nCtx(), c.dModel()));
		}
		for (int l = 0; l < c.nLayers(); l++) {
			String block = "blocks." + l + ".";
			norm(shapes, block + "ln1", c);
			norm(shapes, block + "ln2", c);
			shapes.put(block + "attn.W_Q", new Shape(c.nHeads(), c.dModel(), c.dHead()));
			shapes.put(block + "attn.W_K", new Shape(c.nKeyValueHeads(), c.dModel(), c.dHead()));
			shapes.put(block + "attn.W_V", new Shape(c.nKeyValueHeads(), c.dModel(), c.dHead()));
			shapes.put(block + "attn.W_O", new Shape(c.nHeads(), c.dHead(), c.dModel()));
			shapes.put(block + "attn.b_Q", new Shape(c.nHeads(), c.dHead()));
			shapes.put(block + "attn.b_K", new Shape(c.nKeyValueHeads(), c.dHead()));
			shapes.put(block + "attn.b_V", new Shape(c.nKeyValueHeads(), c.dHead()));
			shapes.put(block + "attn.b_O", new Shape(c.dModel()));
			shapes.put(block + "mlp.W_in", new Shape(c.dModel(), c.dMlp()));
			shapes.put(block + "mlp.b_in", new Shape(c.dMlp()));
			if (c.mlp() == MlpKind.GATED) {
				shapes.put(block + "mlp.W_gate", new Shape(c.dModel(), c.dMlp()));
			}
			shapes.put(block + "mlp.W_out", new Shape(c.dMlp(), c.dModel()));
			shapes.put(block + "mlp.b_out", new Shape(c.dModel()));
		}
		norm(shapes, "ln_final", c);
		shapes.put("unembed.W_U", new Shape(c.dModel(), c.dVocab()));
		shapes.put("unembed.b_U", new Shape(c.dVocab()));
		return shapes;
	}

	private static void norm(Map<String, Shape> shapes, String prefix, HookedAutoConfig c) {
		shapes.put(prefix + ".w", new Shape(c.dModel()));
		if (c.norm() == Norm.LAYER_NORM) {
			shapes.put(prefix + ".b", new Shape(c.dModel()));
		}
	}

}
