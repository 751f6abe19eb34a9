package dev.arrakis.bench.definition;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link ExperimentDefinition}s as JSON (Jackson 3).
 */
public final class DefinitionJson {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DefinitionJson() {
	}

	/**
	 * The definition {@code json} describes.
	 * @throws IllegalArgumentException when {@code json} is not a JSON definition
	 */
	public static ExperimentDefinition read(String json) {
		try {
			return MAPPER.readValue(json, ExperimentDefinition.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("definition is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/** {@code definition} as JSON, fields in declaration order. */
	public static String write(ExperimentDefinition definition) {
		return MAPPER.writeValueAsString(definition);
	}

}
