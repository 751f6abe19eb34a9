package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.tools.Labels;

/**
 * {@code induction_heads}: every head's attention pattern of one layer side by side, each
 * panel that head's own [query x key] pattern (Olsson et al. 2022 look for the
 * off-diagonal stripe on repeated sequences).
 */
final class InductionHeadsPlot implements PlotKind {

	@Override
	public String type() {
		return "induction_heads";
	}

	@Override
	public String usage() {
		return "one blocks.L.attn.hook_pattern key; no options";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		HookName key = request.keys(1, 1, Set.of(HookPoint.PATTERN)).get(0);
		request.allowOptions();
		String title = request.title("Attention pattern of every head in layer %d: %s".formatted(key.layer(), key));
		return new PreparedPlot(List.of(key), forward -> draw(forward, key, title));
	}

	private PlotData draw(Forward forward, HookName key, String title) {
		HostTensor pattern = forward.host(key);
		int heads = (int) pattern.shape()[1];
		int queries = (int) pattern.shape()[2];
		int keys = (int) pattern.shape()[3];
		List<PlotData.Heatmap> panels = new ArrayList<>();
		for (int head = 0; head < heads; head++) {
			panels.add(new PlotData.Heatmap(Labels.head(key.layer(), head), Cells.indices(queries), Cells.indices(keys),
					Cells.matrix(pattern.data(), head * queries * keys, queries, keys), null,
					PlotData.Heatmap.SEQUENTIAL));
		}
		return PlotData.grid(type(), title, "Key position", "Query position", "attention probability", panels);
	}

}
