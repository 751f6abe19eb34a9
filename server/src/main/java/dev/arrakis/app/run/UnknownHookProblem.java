package dev.arrakis.app.run;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A hook name or pattern that matches none of the model's hooks, with the closest hook
 * names as suggestions.
 */
class UnknownHookProblem extends ApiProblemException {

	UnknownHookProblem(String field, String hook, String why, List<String> suggestions) {
		super(ProblemType.UNKNOWN_HOOK,
				"%s: unknown hook '%s' (%s)%s".formatted(field, hook, why,
						suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"),
				Map.of("field", field, "hook", hook, "suggestions", suggestions));
	}

}
