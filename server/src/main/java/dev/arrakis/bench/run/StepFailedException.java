package dev.arrakis.bench.run;

import java.util.List;

/**
 * A run that stopped at a step: which step, why, and the steps that completed before it.
 */
public class StepFailedException extends RuntimeException {

	private final String stepId;

	private final transient List<StepResult> completed;

	public StepFailedException(String stepId, List<StepResult> completed, String reason, Throwable cause) {
		super("step '%s' failed: %s".formatted(stepId, reason), cause);
		this.stepId = stepId;
		this.completed = List.copyOf(completed);
	}

	/**
	 * The id of the step that failed ({@code metrics} when computing a metric failed).
	 */
	public String stepId() {
		return this.stepId;
	}

	/** The results of the steps that ran before the failure. */
	public List<StepResult> completed() {
		return this.completed;
	}

}
