package dev.arrakis.app.run;

import java.time.Duration;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A run outlasted {@code arrakis.run.timeout}; its result is discarded. */
class RunTimedOutException extends ApiProblemException {

	RunTimedOutException(Duration timeout) {
		super(ProblemType.RUN_TIMED_OUT,
				"The run did not finish within %d ms (arrakis.run.timeout); try a shorter input or fewer new tokens"
					.formatted(timeout.toMillis()),
				Map.of("timeoutMillis", timeout.toMillis()));
	}

}
