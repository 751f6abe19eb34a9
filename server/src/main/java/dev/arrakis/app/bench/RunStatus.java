package dev.arrakis.app.bench;

/** Where a run is. */
public enum RunStatus {

	/** started, not ended (or cut off by a server stop, until the next start marks it) */
	RUNNING,
	/** every step and metric completed */
	SUCCEEDED,
	/** a step, a metric or the run itself failed; the run's error says which and why */
	FAILED

}
