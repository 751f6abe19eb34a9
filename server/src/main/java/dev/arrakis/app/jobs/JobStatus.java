package dev.arrakis.app.jobs;

/** Where a job is. */
public enum JobStatus {

	/** submitted, waiting for a worker */
	QUEUED,
	/** a worker is running it */
	RUNNING,
	/** ended with a result */
	SUCCEEDED,
	/** ended with an error */
	FAILED,
	/** cancelled by its owner before it ended */
	CANCELLED,
	/** queued or running when the server stopped */
	INTERRUPTED;

	boolean ended() {
		return this != QUEUED && this != RUNNING;
	}

}
