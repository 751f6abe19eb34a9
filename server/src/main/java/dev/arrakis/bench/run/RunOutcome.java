package dev.arrakis.bench.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.arrakis.bench.plot.PlotData;

/**
 * What a successful run produced.
 *
 * @param inputs the inputs the steps ran on
 * @param steps every step's result, in order
 * @param metrics the definition's metrics, by name
 * @param plots the definition's plots of the first input, in order
 */
public record RunOutcome(RunInputs inputs, List<StepResult> steps, Map<String, Double> metrics, List<PlotData> plots) {

	public RunOutcome {
		steps = List.copyOf(steps);
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
		plots = List.copyOf(plots);
	}

}
