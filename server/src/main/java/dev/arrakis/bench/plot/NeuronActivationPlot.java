package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.arrakis.engine.hooks.HookName;

/**
 * {@code neuron_activation}: for the k neurons with the largest mean |activation| over
 * positions, the distribution of each one's activation over the positions (one box per
 * neuron).
 */
final class NeuronActivationPlot implements PlotKind {

	@Override
	public String type() {
		return "neuron_activation";
	}

	@Override
	public String usage() {
		return "one key of a [pos, n] activation, e.g. blocks.L.mlp.hook_post (option k, default 10: the neurons "
				+ "with the largest mean |activation|, all when k exceeds their number)";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		HookName key = request.keys(1, 1, TopNeurons.ACCEPTED).get(0);
		request.allowOptions("k");
		int k = request.countOption("k", 10);
		String title = request
			.title("Activation over positions of the top %d neurons by mean |a|: %s".formatted(k, key));
		return new PreparedPlot(List.of(key), forward -> draw(forward, key, k, title));
	}

	private PlotData draw(Forward forward, HookName key, int k, String title) {
		float[][] byPosition = TopNeurons.byPosition(forward.host(key));
		int[] top = TopNeurons.select(byPosition, k);
		List<PlotData.Distribution> distributions = new ArrayList<>();
		for (int unit : top) {
			float[] values = new float[byPosition.length];
			for (int position = 0; position < byPosition.length; position++) {
				values[position] = byPosition[position][unit];
			}
			distributions.add(new PlotData.Distribution(TopNeurons.label(key, unit), values));
		}
		return new PlotData(type(), PlotData.DISTRIBUTIONS, title, TopNeurons.unitKind(key), "Activation",
				"activation at %s over the %d positions".formatted(key, byPosition.length), List.of(),
				TopNeurons.labels(key, top), List.of(), distributions, Map.of());
	}

}
