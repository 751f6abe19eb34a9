package dev.arrakis.app.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three models bundled in the repository's {@code models/} folder, with the facts the
 * API must report, read from the files that ship with them: architecture and parameter
 * count from {@code meta.json} (written when the model was trained), layers, heads,
 * d_model, vocabulary and context from the Hugging Face {@code config.json}.
 */
public final class BundledModels {

	public static final List<String> NAMES = List.of("tiny-gpt2-bytes", "tiny-induction-2l", "tiny-llama-bytes");

	private static final JsonMapper json = JsonMapper.builder().build();

	private BundledModels() {
	}

	/**
	 * The repository's {@code models/} folder. Tests run with the server module as
	 * working directory (Maven sets {@code basedir}), so it is {@code ../models}.
	 */
	public static Path directory() {
		Path directory = Path.of(System.getProperty("basedir", "."), "..", "models").toAbsolutePath().normalize();
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException("The bundled models are missing: " + directory);
		}
		return directory;
	}

	/**
	 * Copies the files of bundled model {@code name} into a new folder {@code target}
	 * (model directories of tests that change their models, so the bundled folder stays
	 * as it is).
	 */
	static Path copy(String name, Path target) {
		Path source = directory().resolve(name);
		try {
			Files.createDirectories(target);
			for (String file : List.of("config.json", "model.safetensors", "tokenizer.json",
					"generation_config.json")) {
				if (Files.exists(source.resolve(file))) {
					Files.copy(source.resolve(file), target.resolve(file));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return target;
	}

	static List<Expected> all() {
		return NAMES.stream().map(BundledModels::expected).toList();
	}

	static Expected expected(String name) {
		Path folder = directory().resolve(name);
		JsonNode meta = json.readTree(folder.resolve("meta.json").toFile());
		JsonNode config = json.readTree(folder.resolve("config.json").toFile());
		return new Expected(name, meta.required("arch").asString(), meta.required("params").asLong(),
				integer(config, "n_layer", "num_hidden_layers"), integer(config, "n_head", "num_attention_heads"),
				integer(config, "n_embd", "hidden_size"), integer(config, "vocab_size"),
				integer(config, "n_positions", "max_position_embeddings"));
	}

	/**
	 * The first of the Hugging Face spellings (GPT-2's, then Llama's) present in the
	 * config.
	 */
	private static int integer(JsonNode config, String... keys) {
		for (String key : keys) {
			if (config.has(key)) {
				return config.get(key).asInt();
			}
		}
		throw new IllegalStateException("config.json has none of " + List.of(keys));
	}

	/** What {@code GET /api/v1/models} must say about one bundled model. */
	record Expected(String name, String architecture, long parameterCount, int layers, int heads, int dModel, int vocab,
			int contextLength) {
	}

}
