package dev.arrakis.bench.plot;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;

/**
 * {@code residual_stream}: how large the residual stream grows, layer by layer in numeric
 * order: the L2 norm of resid_post at each position, averaged over positions.
 */
final class ResidualStreamPlot implements PlotKind {

	@Override
	public String type() {
		return "residual_stream";
	}

	@Override
	public String usage() {
		return "blocks.L.hook_resid_post keys of the layers to show, or none for every layer; no options";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		List<HookName> layers = request.layerKeys(HookPoint.RESID_POST);
		request.allowOptions();
		String title = request.title("Residual stream norm by layer");
		return new PreparedPlot(layers, forward -> draw(forward, layers, title));
	}

	private PlotData draw(Forward forward, List<HookName> layers, String title) {
		@Nullable Float[] norms = new Float[layers.size()];
		for (int i = 0; i < layers.size(); i++) {
			norms[i] = Cells.value(meanNorm(forward.host(layers.get(i))));
		}
		return PlotData.lines(type(), title, "Layer (resid_post)", "Mean L2 norm of resid_post over positions",
				layers.stream().map(name -> "L" + name.layer()).toList(),
				List.of(new PlotData.Series("mean ||resid_post||", norms)));
	}

	/** The mean over positions of each position's L2 norm, for [1, pos, d]. */
	private static double meanNorm(HostTensor activation) {
		int positions = (int) activation.shape()[1];
		int width = (int) activation.shape()[2];
		double sum = 0;
		for (int position = 0; position < positions; position++) {
			double squares = 0;
			for (int d = 0; d < width; d++) {
				double value = activation.data()[position * width + d];
				squares += value * value;
			}
			sum += Math.sqrt(squares);
		}
		return sum / positions;
	}

}
