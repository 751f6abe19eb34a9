package dev.arrakis.app.streaming;

/**
 * Thrown out of a hook once the client cancelled or left: unwinds the model's forward
 * pass at the next hook point, which ends the run and releases the model's lease.
 */
final class StreamCancelledException extends RuntimeException {

	StreamCancelledException() {
		super("the client cancelled the stream", null, false, false);
	}

}
