package dev.arrakis.bench.plot;

import java.awt.Color;
import java.awt.Paint;
import java.util.List;

import org.jfree.chart.renderer.PaintScale;

/**
 * A colour scale for heatmaps: colours interpolated linearly between evenly spaced stops
 * over [lower, upper]; values outside are clamped.
 */
final class ColourScale implements PaintScale {

	/** Pale cream through the seed's sage and teal greens to a dark teal. */
	private static final List<Color> SEQUENTIAL = List.of(new Color(0xFAF3DD), new Color(0xC8D5B9), new Color(0x8FC0A9),
			new Color(0x4A8C84), new Color(0x22505A));

	/** Blue below zero, near white at zero, red above. */
	private static final List<Color> DIVERGING = List.of(new Color(0x3B6FA8), new Color(0x9DC3E6), new Color(0xF7F7F7),
			new Color(0xF4A99B), new Color(0xB8403A));

	private final double lower;

	private final double upper;

	private final List<Color> stops;

	private ColourScale(double lower, double upper, List<Color> stops) {
		this.lower = lower;
		this.upper = upper;
		this.stops = stops;
	}

	/**
	 * A sequential scale from the smallest to the largest value, or a diverging scale
	 * symmetric about 0 reaching the largest |value|.
	 */
	static ColourScale of(String kind, double min, double max) {
		if (PlotData.Heatmap.DIVERGING.equals(kind)) {
			double reach = Math.max(Math.max(Math.abs(min), Math.abs(max)), Double.MIN_NORMAL);
			return new ColourScale(-reach, reach, DIVERGING);
		}
		return new ColourScale(min, max > min ? max : min + 1, SEQUENTIAL);
	}

	@Override
	public double getLowerBound() {
		return this.lower;
	}

	@Override
	public double getUpperBound() {
		return this.upper;
	}

	@Override
	public Paint getPaint(double value) {
		double clamped = Math.min(Math.max(value, this.lower), this.upper);
		double position = (clamped - this.lower) / (this.upper - this.lower) * (this.stops.size() - 1);
		int index = Math.min((int) position, this.stops.size() - 2);
		double t = position - index;
		Color from = this.stops.get(index);
		Color to = this.stops.get(index + 1);
		return new Color(mix(from.getRed(), to.getRed(), t), mix(from.getGreen(), to.getGreen(), t),
				mix(from.getBlue(), to.getBlue(), t));
	}

	private static int mix(int from, int to, double t) {
		return (int) Math.round(from + (to - from) * t);
	}

}
