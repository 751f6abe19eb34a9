package dev.arrakis.bench.plot;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;

/**
 * {@code attention_stats}: for every head of the chosen layers, the entropy of its
 * attention (nats) and how far back it attends (positions), each averaged over query
 * positions, as two layer x head heatmaps.
 */
final class AttentionStatsPlot implements PlotKind {

	@Override
	public String type() {
		return "attention_stats";
	}

	@Override
	public String usage() {
		return "blocks.L.attn.hook_pattern keys of the layers to show, or none for every layer; no options";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		List<HookName> layers = request.layerKeys(HookPoint.PATTERN);
		request.allowOptions();
		String title = request.title("Attention entropy and mean attended distance per head");
		return new PreparedPlot(layers, forward -> draw(forward, layers, title));
	}

	private PlotData draw(Forward forward, List<HookName> layers, String title) {
		int heads = forward.model().config().nHeads();
		@Nullable Float[][] entropy = new Float[layers.size()][heads];
		@Nullable Float[][] distance = new Float[layers.size()][heads];
		for (int row = 0; row < layers.size(); row++) {
			HostTensor pattern = forward.host(layers.get(row));
			int positions = (int) pattern.shape()[2];
			for (int head = 0; head < heads; head++) {
				double entropySum = 0;
				double distanceSum = 0;
				for (int query = 0; query < positions; query++) {
					int offset = (head * positions + query) * positions;
					entropySum += AttentionStatistics.entropy(pattern.data(), offset, positions);
					distanceSum += AttentionStatistics.meanDistance(pattern.data(), offset, positions, query);
				}
				entropy[row][head] = Cells.value(entropySum / positions);
				distance[row][head] = Cells.value(distanceSum / positions);
			}
		}
		List<String> rows = layers.stream().map(name -> "L" + name.layer()).toList();
		List<String> columns = Cells.indices(heads).stream().map(head -> "H" + head).toList();
		return PlotData.grid(type(), title, "Head", "Layer", "mean over query positions",
				List.of(new PlotData.Heatmap("Entropy (nats)", rows, columns, entropy, null,
						PlotData.Heatmap.SEQUENTIAL),
						new PlotData.Heatmap("Mean attended distance (positions back)", rows, columns, distance, null,
								PlotData.Heatmap.SEQUENTIAL)));
	}

}
