package dev.arrakis.app.tools;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** No tool has that key. The problem lists the keys. */
class UnknownToolException extends ApiProblemException {

	UnknownToolException(String key, List<String> keys) {
		super(ProblemType.UNKNOWN_TOOL, "no tool '%s'; the tools are %s".formatted(key, keys),
				Map.of("tool", key, "tools", List.copyOf(keys)));
	}

}
