package dev.arrakis.tools.attention;

import java.util.List;

/**
 * What an intervention did to a metric.
 *
 * @param intervention e.g. {@code zero ablation} or {@code merge alpha=0.5}
 * @param heads the heads it touched, e.g. {@code [L1H0, L1H3]}
 * @param metric what {@code clean} and {@code intervened} measure
 * @param clean the metric on the unchanged model
 * @param intervened the metric with the intervention (averaged over reference sequences
 * for resampling)
 * @param effect {@code intervened - clean}
 */
public record InterventionEffect(String intervention, List<String> heads, String metric, double clean,
		double intervened, double effect) {

	public InterventionEffect {
		heads = List.copyOf(heads);
	}

}
