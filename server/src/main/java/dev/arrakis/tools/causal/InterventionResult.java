package dev.arrakis.tools.causal;

import java.util.List;

/**
 * What a set of interventions, applied together, did to a metric.
 *
 * @param interventions each intervention described, e.g.
 * {@code L1H3 z at every position scaled by 0.0}
 * @param metric what {@code clean} and {@code intervened} measure
 * @param clean the metric on the unchanged run
 * @param intervened the metric with every intervention applied
 * @param effect {@code intervened - clean}
 */
public record InterventionResult(List<String> interventions, String metric, double clean, double intervened,
		double effect) {

	public InterventionResult {
		interventions = List.copyOf(interventions);
	}

}
