package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.hooks.HookName;

/**
 * {@code neuron_activation_trajectories}: the activation of the k neurons with the
 * largest mean |activation| over positions, one line per neuron against position.
 */
final class NeuronTrajectoriesPlot implements PlotKind {

	@Override
	public String type() {
		return "neuron_activation_trajectories";
	}

	@Override
	public String usage() {
		return "one key of a [pos, n] activation, e.g. blocks.L.mlp.hook_post (option k, default 5: the neurons "
				+ "with the largest mean |activation|, all when k exceeds their number)";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		HookName key = request.keys(1, 1, TopNeurons.ACCEPTED).get(0);
		request.allowOptions("k");
		int k = request.countOption("k", 5);
		String title = request.title("Activation by position of the top %d neurons by mean |a|: %s".formatted(k, key));
		return new PreparedPlot(List.of(key), forward -> draw(forward, key, k, title));
	}

	private PlotData draw(Forward forward, HookName key, int k, String title) {
		float[][] byPosition = TopNeurons.byPosition(forward.host(key));
		List<PlotData.Series> series = new ArrayList<>();
		for (int unit : TopNeurons.select(byPosition, k)) {
			@Nullable Float[] values = new Float[byPosition.length];
			for (int position = 0; position < byPosition.length; position++) {
				values[position] = Cells.value(byPosition[position][unit]);
			}
			series.add(new PlotData.Series(TopNeurons.label(key, unit), values));
		}
		return PlotData.lines(type(), title, "Position", "Activation at " + key, Cells.indices(byPosition.length),
				series);
	}

}
