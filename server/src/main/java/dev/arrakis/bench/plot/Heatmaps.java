package dev.arrakis.bench.plot;

import org.jspecify.annotations.Nullable;

/** Choices shared by the heatmap plot types. */
final class Heatmaps {

	private Heatmaps() {
	}

	/**
	 * {@code diverging} (centred on 0) when the values take both signs, otherwise
	 * {@code sequential}.
	 */
	static String scaleFor(@Nullable Float[][] values) {
		boolean negative = false;
		boolean positive = false;
		for (@Nullable
		Float[] row : values) {
			for (@Nullable
			Float value : row) {
				if (value != null) {
					negative |= value < 0;
					positive |= value > 0;
				}
			}
		}
		return negative && positive ? PlotData.Heatmap.DIVERGING : PlotData.Heatmap.SEQUENTIAL;
	}

}
