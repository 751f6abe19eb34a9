package dev.arrakis.bench.hypothesis;

import java.util.List;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;

/** A metric evaluated once per input: the values of one arm of a hypothesis test. */
public final class MetricSamples {

	private MetricSamples() {
	}

	/**
	 * {@code metric} on each of {@code inputs}, each run alone through the model with
	 * {@code hooks} (use {@link Hooks#none()} for the plain model).
	 * @throws IllegalArgumentException for no inputs, or a metric that does not fit an
	 * input (position or token out of range)
	 */
	public static double[] over(HookedAutoModel model, Metric metric, List<long[]> inputs, Hooks hooks) {
		if (inputs.isEmpty()) {
			throw new IllegalArgumentException("inputs is empty: an arm needs at least one input");
		}
		double[] values = new double[inputs.size()];
		for (int i = 0; i < values.length; i++) {
			long[] tokens = inputs.get(i);
			metric.validate(tokens.length, model.config().dVocab());
			try (RunResult run = model.runWithHooks(ModelInput.of(tokens), hooks)) {
				values[i] = metric.evaluate(run.output(), 0, tokens);
			}
		}
		return values;
	}

}
