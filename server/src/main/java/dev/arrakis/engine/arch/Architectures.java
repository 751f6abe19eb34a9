package dev.arrakis.engine.arch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.arrakis.engine.UnsupportedArchitectureException;

/** The registry of supported families, fixed at compile time. */
public final class Architectures {

	private static final List<Architecture> ALL = List.of(new Gpt2Architecture(), new GptNeoArchitecture(),
			new GptNeoxArchitecture(), LlamaLikeArchitecture.llama(), LlamaLikeArchitecture.gemma(),
			new Phi3Architecture(), LlamaLikeArchitecture.qwen2(), LlamaLikeArchitecture.mistral(),
			LlamaLikeArchitecture.stableLm());

	private static final Map<String, Architecture> BY_NAME = byName();

	private Architectures() {
	}

	public static List<Architecture> all() {
		return ALL;
	}

	/**
	 * The original Arrakis names, in its order: gpt2, gpt-neo, gpt-neox, llama, gemma,
	 * phi3, qwen2, mistral, stable-lm.
	 */
	public static List<String> seedNames() {
		return ALL.stream().map(a -> a.aliases().isEmpty() ? a.modelType() : a.aliases().get(0)).toList();
	}

	public static Architecture forModelType(String name) {
		Architecture architecture = BY_NAME.get(name.toLowerCase(Locale.ROOT));
		if (architecture == null) {
			throw new UnsupportedArchitectureException(name, seedNames());
		}
		return architecture;
	}

	/** Hugging Face's {@code model_type} for a seed-style or Hugging Face name. */
	public static String modelTypeFor(String name) {
		return forModelType(name).modelType();
	}

	private static Map<String, Architecture> byName() {
		Map<String, Architecture> map = new LinkedHashMap<>();
		for (Architecture architecture : ALL) {
			Stream.concat(Stream.of(architecture.modelType()), architecture.aliases().stream())
				.forEach(name -> map.put(name, architecture));
		}
		return Map.copyOf(map);
	}

}
