package dev.arrakis.bench.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a successful run produced.
 *
 * @param inputs the inputs the steps ran on
 * @param steps every step's result, in order
 * @param metrics the definition's metrics, by name
 */
public record RunOutcome(RunInputs inputs, List<StepResult> steps, Map<String, Double> metrics) {

	public RunOutcome {
		steps = List.copyOf(steps);
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
	}

}
