package dev.arrakis.app.jobs;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A submission refused before it was queued: a bad tool call, or a full queue. */
class JobRejectedException extends ApiProblemException {

	private JobRejectedException(ProblemType type, String detail, Map<String, ?> properties) {
		super(type, detail, properties);
	}

	static JobRejectedException invalidCall(String reason) {
		return new JobRejectedException(ProblemType.INVALID_REQUEST, reason, Map.of());
	}

	static JobRejectedException queueFull(int capacity) {
		return new JobRejectedException(ProblemType.JOB_QUEUE_FULL,
				"%d jobs are already waiting; submit again when some have run".formatted(capacity),
				Map.of("queueCapacity", capacity));
	}

}
