package dev.arrakis.app.streaming;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.engine.DType;

/**
 * Reads a client's text message: {@code {"type": "cancel"}}, or a run request
 * ({@code "type": "run"} or no type) checked for everything that does not depend on the
 * model. Every refusal is an {@link InvalidFieldProblem} naming the field.
 */
final class ClientMessageReader {

	/** What a client can say. */
	sealed interface ClientMessage permits Cancel, Run {

	}

	/** Stop the running stream. */
	record Cancel() implements ClientMessage {

	}

	/**
	 * Start a stream.
	 *
	 * @param maxNewTokens 0 without {@code generate}
	 */
	record Run(ActivationStreamRequest request, List<String> hooks, DType dtype,
			int maxNewTokens) implements ClientMessage {

		String model() {
			return java.util.Objects.requireNonNull(this.request.model());
		}

	}

	private static final List<String> FIELDS = List.of("type", "model", "text", "tokens", "prependBos", "hooks",
			"dtype", "generate", "positions", "heads", "interventions");

	private final ObjectReader reader;

	private final JsonMapper json;

	private final int maxNewTokens;

	ClientMessageReader(JsonMapper json, int maxNewTokens) {
		this.json = json;
		this.reader = json.readerFor(ActivationStreamRequest.class)
			.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		this.maxNewTokens = maxNewTokens;
	}

	ClientMessage read(String text) {
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidFieldProblem("message", "The message is not JSON: " + ex.getOriginalMessage()
					+ ". Send a run request or {\"type\": \"cancel\"}.");
		}
		if (!(node instanceof ObjectNode object)) {
			throw new InvalidFieldProblem("message",
					"The message must be a JSON object: a run request or {\"type\": \"cancel\"}.");
		}
		JsonNode type = object.remove("type");
		String kind = (type == null || type.isNull()) ? "run" : type.asString();
		if ("cancel".equals(kind)) {
			return new Cancel();
		}
		if (!"run".equals(kind)) {
			throw new InvalidFieldProblem("type", "Unknown message type '%s'; allowed: run, cancel".formatted(kind));
		}
		return validated(bind(object));
	}

	private ActivationStreamRequest bind(ObjectNode object) {
		try {
			return this.reader.readValue(object);
		}
		catch (UnrecognizedPropertyException ex) {
			throw new InvalidFieldProblem(ex.getPropertyName(),
					"Unknown field '%s'; allowed: %s".formatted(ex.getPropertyName(), FIELDS));
		}
		catch (JacksonException ex) {
			String field = ex.getPath()
				.stream()
				.map((reference) -> reference.getPropertyName() != null ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			throw new InvalidFieldProblem(field.isEmpty() ? "message" : field,
					"Field '%s' has the wrong type: %s".formatted(field, ex.getOriginalMessage()));
		}
	}

	private Run validated(ActivationStreamRequest request) {
		if (request.model() == null || request.model().isBlank()) {
			throw new InvalidFieldProblem("model", "Field 'model' is required: the name of a loaded model");
		}
		boolean hasText = request.text() != null;
		boolean hasTokens = request.tokens() != null;
		if (hasText == hasTokens) {
			throw new InvalidFieldProblem(hasText ? "tokens" : "text",
					"Give exactly one of 'text' (a prompt) and 'tokens' (token ids)");
		}
		if ((hasText && request.text().isEmpty()) || (hasTokens && request.tokens().length == 0)) {
			throw new InvalidFieldProblem(hasText ? "text" : "tokens", "The prompt is empty");
		}
		if (hasTokens && request.prependBos() != null) {
			throw new InvalidFieldProblem("prependBos",
					"'prependBos' applies to 'text' only; put the BOS id into 'tokens' yourself");
		}
		List<String> hooks = request.hooks();
		if (hooks == null || hooks.isEmpty() || hooks.stream().anyMatch((hook) -> hook == null || hook.isBlank())) {
			throw new InvalidFieldProblem("hooks",
					"Field 'hooks' must list at least one hook name or pattern, e.g. \"blocks.*.attn.hook_pattern\"; "
							+ "none may be blank");
		}
		DType dtype = dtype(request.dtype());
		int maxNew = 0;
		if (request.generate() != null) {
			Integer asked = request.generate().maxNewTokens();
			if (asked == null || asked < 1 || asked > this.maxNewTokens) {
				throw new InvalidFieldProblem("generate.maxNewTokens",
						"'generate.maxNewTokens' must be in [1, %d], got %s".formatted(this.maxNewTokens, asked),
						Map.of("max", this.maxNewTokens));
			}
			maxNew = asked;
		}
		return new Run(request, List.copyOf(hooks), dtype, maxNew);
	}

	private static DType dtype(String dtype) {
		if (dtype == null || "float32".equals(dtype)) {
			return DType.FLOAT32;
		}
		if ("float16".equals(dtype)) {
			return DType.FLOAT16;
		}
		throw new InvalidFieldProblem("dtype", "Field 'dtype' must be float32 or float16, got '%s'".formatted(dtype));
	}

}
