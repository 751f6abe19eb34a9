package dev.arrakis.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.LegendTitle;

/**
 * The look of rendered plots: white background with light grid lines, the seaborn pastel
 * palette for series, and the JDK's logical sans-serif font (no font to install).
 */
final class PlotStyle {

	/** seaborn's {@code pastel} palette. */
	static final List<Color> PASTEL = List.of(new Color(0xA1C9F4), new Color(0xFFB482), new Color(0x8DE5A1),
			new Color(0xFF9F9B), new Color(0xD0BBFF), new Color(0xDEBB9B), new Color(0xFAB0E4), new Color(0xCFCFCF),
			new Color(0xFFFEA3), new Color(0xB9F2F0));

	/** Darker versions of the pastel colours, for lines and outlines that must read. */
	static final List<Color> LINES = PASTEL.stream().map(PlotStyle::darker).toList();

	static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

	static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 11);

	static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

	static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 9);

	static final Font CELL = new Font(Font.SANS_SERIF, Font.PLAIN, 8);

	static final Paint BACKGROUND = Color.WHITE;

	/** Where a heatmap has no value (a masked score). */
	static final Paint MISSING = new Color(0xEDEDED);

	static final Paint GRID = new Color(0xDDDDDD);

	static final Color TEXT = new Color(0x333333);

	private PlotStyle() {
	}

	static Color series(int index) {
		return PASTEL.get(index % PASTEL.size());
	}

	static Color line(int index) {
		return LINES.get(index % LINES.size());
	}

	/** Applies the style to a chart's background, title, legend and plot. */
	static JFreeChart apply(JFreeChart chart, Font titleFont) {
		chart.setBackgroundPaint(BACKGROUND);
		chart.setAntiAlias(true);
		chart.setTextAntiAlias(true);
		if (chart.getTitle() != null) {
			chart.getTitle().setFont(titleFont);
			chart.getTitle().setPaint(TEXT);
		}
		LegendTitle legend = chart.getLegend();
		if (legend != null) {
			legend.setItemFont(TICK);
			legend.setFrame(BlockBorder.NONE);
		}
		Plot plot = chart.getPlot();
		plot.setBackgroundPaint(BACKGROUND);
		plot.setOutlinePaint(GRID);
		plot.setOutlineStroke(new BasicStroke(0.8f));
		return chart;
	}

	static void axis(Axis axis) {
		axis.setLabelFont(LABEL);
		axis.setLabelPaint(TEXT);
		axis.setTickLabelFont(TICK);
		axis.setTickLabelPaint(TEXT);
		axis.setAxisLinePaint(GRID);
		axis.setTickMarkPaint(GRID);
	}

	private static Color darker(Color colour) {
		return new Color((int) (colour.getRed() * 0.7), (int) (colour.getGreen() * 0.7),
				(int) (colour.getBlue() * 0.7));
	}

}
