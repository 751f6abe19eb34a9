package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

/**
 * {@code layer_norms}: the normalisation scale each norm divides by (sqrt(var + eps) for
 * LayerNorm, sqrt(mean(x^2) + eps) for RMSNorm), averaged over positions: one line for
 * ln1, one for ln2 over the layers, and ln_final after the last layer. Hook names say
 * which norm is which, for every architecture.
 */
final class LayerNormsPlot implements PlotKind {

	private static final List<HookPoint> SCALES = List.of(HookPoint.LN1_SCALE, HookPoint.LN2_SCALE,
			HookPoint.LN_FINAL_SCALE);

	private static final String FINAL = "final";

	@Override
	public String type() {
		return "layer_norms";
	}

	@Override
	public String usage() {
		return "blocks.L.ln1.hook_scale, blocks.L.ln2.hook_scale and ln_final.hook_scale keys, or none for all of "
				+ "them; no options";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		List<HookName> keys = request.keys(0, Integer.MAX_VALUE, Set.copyOf(SCALES));
		if (keys.isEmpty()) {
			keys = request.model().hookNames().stream().filter(name -> SCALES.contains(name.point())).toList();
		}
		request.allowOptions();
		List<HookName> scales = keys.stream().distinct().toList();
		String title = request.title("Normalisation scale by layer");
		return new PreparedPlot(scales, forward -> draw(forward, scales, title));
	}

	private PlotData draw(Forward forward, List<HookName> scales, String title) {
		List<String> categories = new ArrayList<>(scales.stream()
			.filter(name -> name.layer() >= 0)
			.map(HookName::layer)
			.distinct()
			.sorted()
			.map(layer -> "L" + layer)
			.toList());
		if (scales.stream().anyMatch(name -> name.layer() < 0)) {
			categories.add(FINAL);
		}
		Map<HookPoint, @Nullable Float[]> lines = new LinkedHashMap<>();
		for (HookName scale : scales.stream()
			.sorted(Comparator.comparingInt(name -> name.point().ordinal()))
			.toList()) {
			@Nullable Float[] line = lines.computeIfAbsent(scale.point(), point -> new Float[categories.size()]);
			String category = scale.layer() < 0 ? FINAL : "L" + scale.layer();
			line[categories.indexOf(category)] = Cells.value(mean(forward.host(scale).data()));
		}
		List<PlotData.Series> series = lines.entrySet()
			.stream()
			.map(entry -> new PlotData.Series(entry.getKey().suffix(), entry.getValue()))
			.toList();
		return PlotData.lines(type(), title, "Layer", "Mean normalisation scale over positions", categories, series);
	}

	/** The mean of a [1, pos, 1] scale over positions. */
	private static double mean(float[] scale) {
		double sum = 0;
		for (float value : scale) {
			sum += value;
		}
		return sum / scale.length;
	}

}
