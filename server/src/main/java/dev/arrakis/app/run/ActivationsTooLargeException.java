package dev.arrakis.app.run;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A run refused before it ran because its estimated result exceeds the limit. */
class ActivationsTooLargeException extends ApiProblemException {

	ActivationsTooLargeException(MemoryEstimate estimate, long limitBytes) {
		super(ProblemType.REQUEST_TOO_LARGE, ("The run would return about %d bytes of activations and logits "
				+ "(activations %d, logits %d); the limit (arrakis.run.max-activation-bytes) is %d. Select fewer hooks, "
				+ "positions or heads, or send a shorter input.")
			.formatted(estimate.totalBytes(), estimate.activationBytes(), estimate.logitBytes(), limitBytes),
				Map.of("estimatedBytes", estimate.totalBytes(), "limitBytes", limitBytes));
	}

}
