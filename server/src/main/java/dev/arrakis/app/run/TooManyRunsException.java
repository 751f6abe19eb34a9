package dev.arrakis.app.run;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * The caller already has {@code limit} runs in progress. {@link RunProblemAdvice} adds
 * the {@code Retry-After} header.
 */
class TooManyRunsException extends ApiProblemException {

	static final int RETRY_AFTER_SECONDS = 1;

	TooManyRunsException(String user, int limit) {
		super(ProblemType.TOO_MANY_RUNS,
				"User '%s' already has %d runs in progress (arrakis.run.max-concurrent-per-user); retry when one ends"
					.formatted(user, limit),
				Map.of("user", user, "limit", limit, "retryAfterSeconds", RETRY_AFTER_SECONDS));
	}

}
