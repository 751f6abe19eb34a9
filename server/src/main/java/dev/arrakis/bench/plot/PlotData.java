package dev.arrakis.bench.plot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Exactly what a plot draws, as plain JSON: the numbers, their labels and what they mean.
 * The dashboard draws this; {@link PlotRenderer} draws the same for PNG and SVG. Values
 * that do not exist (a causally masked score, a norm a layer lacks) are null, never NaN,
 * so the record serialises to strict JSON.
 *
 * @param type the plot type it was made for, e.g. {@code attention}
 * @param kind how it is drawn: {@code heatmap} (one entry in {@code heatmaps}),
 * {@code heatmap_grid} (several), {@code lines} or {@code bars} ({@code series} over
 * {@code categories}), or {@code distributions} ({@code distributions})
 * @param title the plot's title
 * @param xLabel what the horizontal axis is
 * @param yLabel what the vertical axis is
 * @param valueLabel what the numbers are, with their unit (the colour bar's label for
 * heatmaps)
 * @param heatmaps for heatmaps: one per panel
 * @param categories for lines and bars: the x labels, one per value of each series
 * @param series for lines and bars: named values aligned with {@code categories}
 * @param distributions for distributions: one group of values per entry
 * @param scalars named numbers shown beside the chart, e.g. the constant of a
 * decomposition and the logit it adds up to; in insertion order
 */
public record PlotData(String type, String kind, String title, String xLabel, String yLabel, String valueLabel,
		List<Heatmap> heatmaps, List<String> categories, List<Series> series, List<Distribution> distributions,
		Map<String, Double> scalars) {

	public static final String HEATMAP = "heatmap";

	public static final String HEATMAP_GRID = "heatmap_grid";

	public static final String LINES = "lines";

	public static final String BARS = "bars";

	public static final String DISTRIBUTIONS = "distributions";

	public PlotData {
		heatmaps = List.copyOf(heatmaps);
		categories = List.copyOf(categories);
		series = List.copyOf(series);
		distributions = List.copyOf(distributions);
		scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
	}

	static PlotData heatmap(String type, String title, String xLabel, String yLabel, String valueLabel,
			Heatmap heatmap) {
		return new PlotData(type, HEATMAP, title, xLabel, yLabel, valueLabel, List.of(heatmap), List.of(), List.of(),
				List.of(), Map.of());
	}

	static PlotData grid(String type, String title, String xLabel, String yLabel, String valueLabel,
			List<Heatmap> panels) {
		return new PlotData(type, HEATMAP_GRID, title, xLabel, yLabel, valueLabel, panels, List.of(), List.of(),
				List.of(), Map.of());
	}

	static PlotData lines(String type, String title, String xLabel, String yLabel, List<String> categories,
			List<Series> series) {
		return new PlotData(type, LINES, title, xLabel, yLabel, yLabel, List.of(), categories, series, List.of(),
				Map.of());
	}

	/**
	 * One heatmap panel. Row 0 is drawn at the top.
	 *
	 * @param title the panel's title (for grids; the plot's title for a single heatmap)
	 * @param rowLabels one per row
	 * @param columnLabels one per column
	 * @param values [row][column]; null where there is no value
	 * @param cellLabels [row][column] text written in each cell (e.g. a token), or null
	 * @param scale {@code sequential} (from the smallest value up) or {@code diverging}
	 * (centred on 0)
	 */
	public record Heatmap(String title, List<String> rowLabels, List<String> columnLabels, @Nullable Float[][] values,
			@Nullable List<List<String>> cellLabels, String scale) {

		public static final String SEQUENTIAL = "sequential";

		public static final String DIVERGING = "diverging";

		public Heatmap {
			rowLabels = List.copyOf(rowLabels);
			columnLabels = List.copyOf(columnLabels);
			if (values.length != rowLabels.size()) {
				throw new IllegalArgumentException(
						"%d rows of values for %d row labels".formatted(values.length, rowLabels.size()));
			}
			for (@Nullable
			Float[] row : values) {
				if (row.length != columnLabels.size()) {
					throw new IllegalArgumentException(
							"a row of %d values for %d column labels".formatted(row.length, columnLabels.size()));
				}
			}
			cellLabels = cellLabels == null ? null : cellLabels.stream().map(List::copyOf).toList();
		}

	}

	/**
	 * A named line or set of bars.
	 *
	 * @param name the legend entry
	 * @param values one per category; null where the series has no value
	 */
	public record Series(String name, @Nullable Float[] values) {
	}

	/**
	 * The values of one group of a distribution plot (drawn as a box and whiskers).
	 *
	 * @param name the group, e.g. {@code L0N17}
	 * @param values every observation, e.g. the neuron's activation at each position
	 */
	public record Distribution(String name, float[] values) {
	}

}
