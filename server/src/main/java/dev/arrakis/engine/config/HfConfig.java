package dev.arrakis.engine.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ModelLoadException;

/**
 * A Hugging Face {@code config.json}, read key by key. Every key an {@code Architecture}
 * reads is remembered, so that {@link #requireAllHandled} can refuse a config that sets
 * something the architecture would silently ignore.
 */
public final class HfConfig {

	/**
	 * Keys that never change a forward pass in eval mode: training, generation and
	 * bookkeeping settings.
	 */
	private static final Set<String> INERT_KEYS = Set.of("architectures", "model_type", "transformers_version", "dtype",
			"torch_dtype", "bos_token_id", "eos_token_id", "pad_token_id", "sep_token_id", "decoder_start_token_id",
			"use_cache", "initializer_range", "init_std", "attn_pdrop", "embd_pdrop", "resid_pdrop",
			"attention_dropout", "hidden_dropout", "embed_dropout", "resid_dropout", "dropout", "classifier_dropout",
			"summary_type", "summary_use_proj", "summary_activation", "summary_proj_to_labels", "summary_first_dropout",
			"_name_or_path", "output_attentions", "output_hidden_states", "return_dict", "problem_type", "id2label",
			"label2id", "task_specific_params", "tokenizer_class", "pretraining_tp", "layerdrop", "_from_model_config",
			"is_decoder", "_attn_implementation_autoset", "gradient_checkpointing", "max_window_layers",
			"use_bidirectional_attention");

	private final String source;

	private final JsonObject json;

	private final Set<String> read = new HashSet<>();

	private HfConfig(String source, JsonObject json) {
		this.source = source;
		this.json = json;
	}

	public static HfConfig read(Path configJson) throws IOException {
		try (Reader reader = Files.newBufferedReader(configJson)) {
			JsonElement parsed = JsonParser.parseReader(reader);
			if (!parsed.isJsonObject()) {
				throw new ModelLoadException(configJson + " is not a JSON object");
			}
			return new HfConfig(configJson.toString(), parsed.getAsJsonObject());
		}
		catch (com.google.gson.JsonParseException ex) {
			throw new ModelLoadException(configJson + " is not valid JSON: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A config given as hyperparameters, with Hugging Face key names, for a seeded random
	 * model.
	 */
	public static HfConfig of(String modelType, Map<String, ?> hyperparameters) {
		JsonObject json = new Gson().toJsonTree(hyperparameters).getAsJsonObject();
		json.addProperty("model_type", modelType);
		return new HfConfig("hyperparameters of " + modelType, json);
	}

	public String source() {
		return this.source;
	}

	public String modelType() {
		return requiredString("model_type");
	}

	public boolean has(String key) {
		JsonElement value = this.json.get(key);
		return value != null && !value.isJsonNull();
	}

	public int requiredInt(String key) {
		return element(key, true).getAsInt();
	}

	public int intOr(String key, int fallback) {
		JsonElement value = element(key, false);
		return value == null ? fallback : value.getAsInt();
	}

	public double doubleOr(String key, double fallback) {
		JsonElement value = element(key, false);
		return value == null ? fallback : value.getAsDouble();
	}

	public boolean booleanOr(String key, boolean fallback) {
		JsonElement value = element(key, false);
		return value == null ? fallback : value.getAsBoolean();
	}

	public String stringOr(String key, String fallback) {
		JsonElement value = element(key, false);
		return value == null ? fallback : value.getAsString();
	}

	public String requiredString(String key) {
		return element(key, true).getAsString();
	}

	/** A raw value (object or array) for the few structured keys; null when absent. */
	public @Nullable JsonElement raw(String key) {
		return element(key, false);
	}

	/** Marks keys as knowingly not needed by the architecture reading this config. */
	public void ignore(String... keys) {
		this.read.addAll(Set.of(keys));
	}

	/**
	 * Refuses keys that nobody read and that are not known to be inert.
	 * @throws ModelLoadException naming every such key
	 */
	public void requireAllHandled() {
		Set<String> unhandled = new TreeSet<>();
		for (String key : this.json.keySet()) {
			if (!this.read.contains(key) && !INERT_KEYS.contains(key) && has(key)) {
				unhandled.add(key);
			}
		}
		if (!unhandled.isEmpty()) {
			throw new ModelLoadException("%s sets %s, which the %s architecture does not handle".formatted(this.source,
					unhandled, this.json.has("model_type") ? this.json.get("model_type").getAsString() : "?"));
		}
	}

	private @Nullable JsonElement element(String key, boolean required) {
		this.read.add(key);
		JsonElement value = this.json.get(key);
		if (value == null || value.isJsonNull()) {
			if (required) {
				throw new ModelLoadException("%s has no '%s'".formatted(this.source, key));
			}
			return null;
		}
		return value;
	}

	/** Fails with a message naming the key and the value that is not supported. */
	public ModelLoadException unsupported(String key, String allowed) {
		return new ModelLoadException(
				"%s: %s = %s is not supported; allowed: %s".formatted(this.source, key, this.json.get(key), allowed));
	}

}
