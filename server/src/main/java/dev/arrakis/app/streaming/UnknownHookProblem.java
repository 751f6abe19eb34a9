package dev.arrakis.app.streaming;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;
import dev.arrakis.engine.hooks.UnknownHookException;

/**
 * A requested hook name or pattern matches no hook point of the model; carries the
 * closest hook name as {@code suggestion}.
 */
class UnknownHookProblem extends ApiProblemException {

	UnknownHookProblem(String model, UnknownHookException cause) {
		super(ProblemType.UNKNOWN_HOOK, cause.getMessage() + " (model '" + model + "')", properties(cause));
	}

	private static Map<String, Object> properties(UnknownHookException cause) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("field", "hooks");
		properties.put("hook", cause.name());
		if (cause.closest() != null) {
			properties.put("suggestion", cause.closest());
		}
		return properties;
	}

}
