package dev.arrakis.engine;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.arch.Architectures;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.config.Residual;

/**
 * Everything the forward pass needs to know about a model, family differences included,
 * as typed values. Built by an {@code Architecture} from a Hugging Face config;
 * components read only this record, never a family name.
 *
 * @param architecture the Hugging Face {@code model_type} it was read from (for display
 * and conversion only)
 * @param nLayers decoder blocks
 * @param dModel residual stream width
 * @param nHeads query heads
 * @param nKeyValueHeads key/value heads (equal to nHeads for MHA, 1 for MQA)
 * @param dHead per-head width
 * @param dMlp MLP hidden width
 * @param dVocab vocabulary size
 * @param nCtx longest supported context
 * @param norm the normalisation
 * @param eps the normalisation epsilon
 * @param positional learned or rotary positions
 * @param activation the MLP non-linearity
 * @param mlp plain or gated MLP
 * @param residual sequential or parallel blocks
 * @param attentionTypes one per layer: global or a sliding window
 * @param attentionScale the factor applied to q.k (1/sqrt(d_head) except GPT-Neo's 1)
 * @param tiedEmbeddings whether W_U is W_E transposed
 * @param specialTokens BOS/EOS/PAD ids
 */
public record HookedAutoConfig(String architecture, int nLayers, int dModel, int nHeads, int nKeyValueHeads, int dHead,
		int dMlp, int dVocab, int nCtx, Norm norm, double eps, Positional positional, Activation activation,
		MlpKind mlp, Residual residual, List<AttentionType> attentionTypes, double attentionScale,
		boolean tiedEmbeddings, SpecialTokens specialTokens) {

	public HookedAutoConfig {
		positive("n_layers", nLayers);
		positive("d_model", dModel);
		positive("n_heads", nHeads);
		positive("n_key_value_heads", nKeyValueHeads);
		positive("d_head", dHead);
		positive("d_mlp", dMlp);
		positive("d_vocab", dVocab);
		positive("n_ctx", nCtx);
		if (nHeads % nKeyValueHeads != 0) {
			throw new IllegalArgumentException(
					"n_heads (%d) must be a multiple of n_key_value_heads (%d)".formatted(nHeads, nKeyValueHeads));
		}
		if (attentionTypes.size() != nLayers) {
			throw new IllegalArgumentException(
					"%d attention types given for %d layers".formatted(attentionTypes.size(), nLayers));
		}
		if (positional instanceof Positional.Rotary rotary && rotary.rotaryDim() > dHead) {
			throw new IllegalArgumentException(
					"rotary_dim (%d) exceeds d_head (%d)".formatted(rotary.rotaryDim(), dHead));
		}
		attentionTypes = List.copyOf(attentionTypes);
	}

	/**
	 * Reads a Hugging Face config through the architecture registered for its
	 * {@code model_type}.
	 */
	/**
	 * This configuration with the given layers, in the given order (indices into this
	 * configuration's layers; repeats allowed), and W_U stored apart from W_E.
	 */
	public HookedAutoConfig withLayers(List<Integer> layers) {
		if (layers.isEmpty()) {
			throw new IllegalArgumentException("layers must name at least one layer");
		}
		List<AttentionType> types = new java.util.ArrayList<>();
		for (int layer : layers) {
			if (layer < 0 || layer >= this.nLayers) {
				throw new IllegalArgumentException(
						"layer = %d is out of range: valid values are 0..%d".formatted(layer, this.nLayers - 1));
			}
			types.add(this.attentionTypes.get(layer));
		}
		return new HookedAutoConfig(this.architecture, layers.size(), this.dModel, this.nHeads, this.nKeyValueHeads,
				this.dHead, this.dMlp, this.dVocab, this.nCtx, this.norm, this.eps, this.positional, this.activation,
				this.mlp, this.residual, types, this.attentionScale, false, this.specialTokens);
	}

	public static HookedAutoConfig fromHf(HfConfig hf) {
		return Architectures.forModelType(hf.modelType()).config(hf);
	}

	/**
	 * A config from a seed-style name ({@code gpt2}, {@code gpt-neo}, {@code gpt-neox},
	 * {@code llama}, {@code gemma}, {@code phi3}, {@code qwen2}, {@code mistral},
	 * {@code stable-lm}, or Hugging Face's {@code model_type} spelling) plus Hugging Face
	 * hyperparameters, e.g. {@code hidden_size}, {@code num_hidden_layers}.
	 */
	public static HookedAutoConfig of(String name, Map<String, ?> hyperparameters) {
		String modelType = Architectures.modelTypeFor(name);
		return fromHf(HfConfig.of(modelType, hyperparameters));
	}

	/** Query heads that share one key/value head. */
	public int groupSize() {
		return this.nHeads / this.nKeyValueHeads;
	}

	public AttentionType attentionType(int layer) {
		return this.attentionTypes.get(layer);
	}

	private static void positive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, got " + value);
		}
	}

	/**
	 * Token ids with a special role. Whether a prompt starts with BOS is the tokenizer's
	 * decision by default (see {@code Tokenizer}), since tokenizer.json's post-processor
	 * encodes how the model was trained.
	 *
	 * @param bos beginning of sequence, if any
	 * @param eos end of sequence (generation stops there), if any
	 * @param pad padding, if any
	 */
	public record SpecialTokens(@Nullable Integer bos, @Nullable Integer eos, @Nullable Integer pad) {

		public static SpecialTokens read(HfConfig hf) {
			return new SpecialTokens(id(hf, "bos_token_id"), id(hf, "eos_token_id"), id(hf, "pad_token_id"));
		}

		private static @Nullable Integer id(HfConfig hf, String key) {
			if (!hf.has(key)) {
				return null;
			}
			var raw = hf.raw(key);
			return raw != null && raw.isJsonPrimitive() ? raw.getAsInt() : raw.getAsJsonArray().get(0).getAsInt();
		}

	}

}
