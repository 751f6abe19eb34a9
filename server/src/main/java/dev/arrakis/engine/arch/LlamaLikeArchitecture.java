package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;

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
 * The families that share Hugging Face's Llama tensor layout
 * ({@code q_proj k_proj v_proj o_proj gate_proj up_proj
 * down_proj}): Llama, Mistral, Qwen2, Gemma and StableLM. What differs between them is
 * data in a {@link Family}; the reading and conversion code is shared, as penzai's
 * {@code llamalike_common} does, instead of copied per family.
 */
final class LlamaLikeArchitecture implements Architecture {

	/**
	 * One family's differences.
	 *
	 * @param modelType Hugging Face's name
	 * @param aliases other accepted names
	 * @param layerNorm LayerNorm with biases (StableLM) instead of RMSNorm
	 * @param gemmaScaling RMSNorm gain is (1 + w) and the embedding is multiplied by
	 * sqrt(d_model)
	 * @param defaultHeadDim the head dimension when the config has no head_dim; 0 means
	 * d_model / n_heads
	 * @param defaultPartialRotary fraction of d_head that is rotated by default
	 * @param defaultTied whether embeddings are tied when the config does not say
	 * @param extraConfig reads the family's own keys: biases, sliding windows, refusals
	 */
	record Family(String modelType, List<String> aliases, boolean layerNorm, boolean gemmaScaling, int defaultHeadDim,
			double defaultPartialRotary, boolean defaultTied, BiConsumer<HfConfig, Options> extraConfig) {
	}

	/** Per-model choices read from the config. */
	static final class Options {

		boolean qkvBias;

		boolean outputBias;

		List<AttentionType> attentionTypes;

	}

	private final Family family;

	private LlamaLikeArchitecture(Family family) {
		this.family = family;
	}

	static LlamaLikeArchitecture llama() {
		return new LlamaLikeArchitecture(new Family("llama", List.of(), false, false, 0, 1.0, false, (hf, o) -> {
			o.qkvBias = hf.booleanOr("attention_bias", false);
			o.outputBias = o.qkvBias;
			refuseMlpBias(hf);
		}));
	}

	static LlamaLikeArchitecture mistral() {
		return new LlamaLikeArchitecture(new Family("mistral", List.of(), false, false, 0, 1.0, false, (hf, o) -> {
			int layers = hf.intOr("num_hidden_layers", 32);
			o.attentionTypes = hf.has("sliding_window")
					? Collections.nCopies(layers, AttentionType.sliding(hf.requiredInt("sliding_window"))) : null;
		}));
	}

	static LlamaLikeArchitecture qwen2() {
		return new LlamaLikeArchitecture(new Family("qwen2", List.of(), false, false, 0, 1.0, false, (hf, o) -> {
			o.qkvBias = true;
			if (hf.booleanOr("use_sliding_window", false)) {
				throw hf.unsupported("use_sliding_window", "false");
			}
			hf.ignore("sliding_window");
			requireFullAttention(hf);
		}));
	}

	static LlamaLikeArchitecture gemma() {
		return new LlamaLikeArchitecture(new Family("gemma", List.of(), false, true, 256, 1.0, true, (hf, o) -> {
			o.qkvBias = hf.booleanOr("attention_bias", false);
			o.outputBias = o.qkvBias;
		}));
	}

	static LlamaLikeArchitecture stableLm() {
		return new LlamaLikeArchitecture(
				new Family("stablelm", List.of("stable-lm", "stable_lm"), true, false, 0, 0.25, false, (hf, o) -> {
					o.qkvBias = hf.booleanOr("use_qkv_bias", false);
					if (hf.booleanOr("qk_layernorm", false)) {
						throw hf.unsupported("qk_layernorm", "false");
					}
					if (hf.booleanOr("use_parallel_residual", false)) {
						throw hf.unsupported("use_parallel_residual", "false");
					}
				}));
	}

	@Override
	public String modelType() {
		return this.family.modelType();
	}

	@Override
	public List<String> aliases() {
		return this.family.aliases();
	}

	@Override
	public HookedAutoConfig config(HfConfig hf) {
		ConfigBuilder c = new ConfigBuilder(modelType());
		c.dModel = hf.intOr("hidden_size", 4096);
		c.nLayers = hf.intOr("num_hidden_layers", 32);
		c.nHeads = hf.intOr("num_attention_heads", 32);
		c.nKeyValueHeads = hf.intOr("num_key_value_heads", c.nHeads);
		int defaultHeadDim = this.family.defaultHeadDim() > 0 ? this.family.defaultHeadDim() : c.dModel / c.nHeads;
		c.dHead = hf.intOr("head_dim", defaultHeadDim);
		c.dMlp = hf.intOr("intermediate_size", 11008);
		c.dVocab = hf.intOr("vocab_size", 32000);
		c.nCtx = hf.intOr("max_position_embeddings", 2048);
		c.norm = this.family.layerNorm() ? Norm.LAYER_NORM : Norm.RMS_NORM;
		c.eps = this.family.layerNorm() ? hf.doubleOr("layer_norm_eps", 1e-5) : hf.doubleOr("rms_norm_eps", 1e-6);
		c.activation = Activation.fromHf(hf.stringOr("hidden_act",
				hf.stringOr("hidden_activation", this.family.gemmaScaling() ? "gelu_pytorch_tanh" : "silu")));
		c.mlp = MlpKind.GATED;
		c.positional = RopeParameters.from(hf, c.dHead, 10000, this.family.defaultPartialRotary());
		c.tiedEmbeddings = hf.booleanOr("tie_word_embeddings", this.family.defaultTied());
		Options options = new Options();
		this.family.extraConfig().accept(hf, options);
		if (options.attentionTypes != null) {
			c.attentionTypes = options.attentionTypes;
		}
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
		boolean normBias = this.family.layerNorm();
		NDArray embedding = source.take("model.embed_tokens.weight", new Shape(c.dVocab(), d));
		if (this.family.gemmaScaling()) {
			// Gemma multiplies the embedding by sqrt(d_model) (rounded to the model's
			// dtype); W_U stays unscaled.
			out.put("embed.W_E", embedding.mul((float) Math.sqrt(d)));
			if (c.tiedEmbeddings()) {
				out.put("unembed.W_U", embedding.transpose());
				out.putZeros("unembed.b_U", new Shape(c.dVocab()));
			}
		}
		else {
			out.put("embed.W_E", embedding);
		}
		for (int l = 0; l < c.nLayers(); l++) {
			String hf = "model.layers." + l + ".";
			String block = "blocks." + l + ".";
			norm(source, hf + "input_layernorm", block + "ln1", d, normBias, out);
			norm(source, hf + "post_attention_layernorm", block + "ln2", d, normBias, out);
			String attn = hf + "self_attn.";
			projection(source, attn + "q_proj", block + "attn.W_Q", block + "attn.b_Q", heads, dHead, d, out);
			projection(source, attn + "k_proj", block + "attn.W_K", block + "attn.b_K", kvHeads, dHead, d, out);
			projection(source, attn + "v_proj", block + "attn.W_V", block + "attn.b_V", kvHeads, dHead, d, out);
			out.put(block + "attn.W_O", Conversions
				.headsOut(Conversions.linear(source, attn + "o_proj.weight", d, heads * dHead), heads, dHead));
			out.put(block + "attn.b_O", Conversions.biasOrZeros(source, attn + "o_proj.bias", d, out));
			out.put(block + "mlp.W_gate", Conversions.linear(source, hf + "mlp.gate_proj.weight", c.dMlp(), d));
			out.put(block + "mlp.W_in", Conversions.linear(source, hf + "mlp.up_proj.weight", c.dMlp(), d));
			out.putZeros(block + "mlp.b_in", new Shape(c.dMlp()));
			out.put(block + "mlp.W_out", Conversions.linear(source, hf + "mlp.down_proj.weight", d, c.dMlp()));
			out.putZeros(block + "mlp.b_out", new Shape(d));
			Conversions.dropBuffers(source, attn + "rotary_emb.inv_freq");
		}
		norm(source, "model.norm", "ln_final", d, normBias, out);
		if (!out.has("unembed.W_U")) {
			Conversions.unembed(source, c, out, "lm_head.weight");
		}
	}

	/**
	 * q/k/v projection [heads * d_head, d_model] (+ bias) to W [heads, d_model, d_head]
	 * and b [heads, d_head].
	 */
	private static void projection(TensorSource source, String hf, String weight, String bias, int heads, int dHead,
			int d, StateDict out) throws IOException {
		out.put(weight,
				Conversions.headsIn(Conversions.linear(source, hf + ".weight", heads * dHead, d), heads, dHead));
		out.put(bias,
				Conversions.headBias(Conversions.biasOrZeros(source, hf + ".bias", heads * dHead, out), heads, dHead));
	}

	private void norm(TensorSource source, String hf, String canonical, int d, boolean withBias, StateDict out)
			throws IOException {
		if (!this.family.gemmaScaling()) {
			Conversions.norm(source, hf, canonical, d, withBias, out);
			return;
		}
		// Gemma's RMSNorm multiplies by (1 + w): fold the 1 in once, here.
		out.put(canonical + ".w", source.take(hf + ".weight", new Shape(d)).add(1f));
	}

	private static void refuseMlpBias(HfConfig hf) {
		if (hf.booleanOr("mlp_bias", false)) {
			throw hf.unsupported("mlp_bias", "false");
		}
	}

	private static void requireFullAttention(HfConfig hf) {
		JsonElement layerTypes = hf.raw("layer_types");
		if (layerTypes == null) {
			return;
		}
		List<String> types = new ArrayList<>();
		layerTypes.getAsJsonArray().forEach(e -> types.add(e.getAsString()));
		if (types.stream().anyMatch(t -> !t.equals("full_attention"))) {
			throw hf.unsupported("layer_types", "only 'full_attention' layers");
		}
	}

}
