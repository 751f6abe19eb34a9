package dev.arrakis.app.streaming;

import java.time.Duration;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * The client did not take the stream's frames in time: thrown on the model thread (out of
 * the hook that could not queue its frame), which stops the run.
 */
class StreamStalledException extends ApiProblemException {

	StreamStalledException(Duration sendTimeout, long queuedBytes) {
		super(ProblemType.STREAM_STALLED,
				"The client did not read the stream for %d ms with %d bytes queued; the stream was stopped"
					.formatted(sendTimeout.toMillis(), queuedBytes),
				Map.of("sendTimeoutMillis", sendTimeout.toMillis(), "queuedBytes", queuedBytes));
	}

}
