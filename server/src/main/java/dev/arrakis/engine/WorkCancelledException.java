package dev.arrakis.engine;

/** Watched work was cancelled; thrown by the first forward pass after the cancel. */
public class WorkCancelledException extends RuntimeException {

	public WorkCancelledException(long passes) {
		super("cancelled after %d forward pass%s".formatted(passes, passes == 1 ? "" : "es"));
	}

}
