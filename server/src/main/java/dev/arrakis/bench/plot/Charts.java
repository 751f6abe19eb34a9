package dev.arrakis.bench.plot;

import java.awt.BasicStroke;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * JFreeChart charts for each {@link PlotData} kind, styled by {@link PlotStyle}.
 */
final class Charts {

	/** Beyond this many labels an axis shows numbers instead of every label. */
	private static final int MAX_LABELLED_TICKS = 40;

	/** Beyond this many columns (or cells) a heatmap's cell text is left out. */
	private static final int MAX_TEXT_COLUMNS = 24;

	private static final int MAX_TEXT_CELLS = 600;

	/**
	 * A longer value label is written under the chart instead of along the colour bar.
	 */
	private static final int MAX_LEGEND_LABEL = 40;

	private Charts() {
	}

	/**
	 * One heatmap, row 0 at the top, with a colour legend on the right; cells without a
	 * value show the plot background.
	 */
	static JFreeChart heatmap(PlotData.Heatmap heatmap, String xLabel, String yLabel, String valueLabel,
			boolean panel) {
		DefaultXYZDataset dataset = new DefaultXYZDataset();
		List<double[]> cells = new ArrayList<>();
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (int row = 0; row < heatmap.values().length; row++) {
			for (int column = 0; column < heatmap.values()[row].length; column++) {
				Float value = heatmap.values()[row][column];
				if (value != null) {
					cells.add(new double[] { column, row, value });
					min = Math.min(min, value);
					max = Math.max(max, value);
				}
			}
		}
		double[][] series = new double[3][cells.size()];
		for (int i = 0; i < cells.size(); i++) {
			for (int axis = 0; axis < 3; axis++) {
				series[axis][i] = cells.get(i)[axis];
			}
		}
		dataset.addSeries("values", series);
		ColourScale scale = cells.isEmpty() ? ColourScale.of(heatmap.scale(), 0, 1)
				: ColourScale.of(heatmap.scale(), min, max);
		XYBlockRenderer renderer = new XYBlockRenderer();
		renderer.setPaintScale(scale);
		ValueAxis x = labelledAxis(xLabel, heatmap.columnLabels());
		ValueAxis y = labelledAxis(yLabel, heatmap.rowLabels());
		y.setInverted(true);
		x.setRange(-0.5, heatmap.columnLabels().size() - 0.5);
		y.setRange(-0.5, heatmap.rowLabels().size() - 0.5);
		XYPlot plot = new XYPlot(dataset, x, y, renderer);
		plot.setDomainGridlinesVisible(false);
		plot.setRangeGridlinesVisible(false);
		plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
		addCellTexts(plot, heatmap);
		JFreeChart chart = new JFreeChart(heatmap.title(), panel ? PlotStyle.PANEL_TITLE : PlotStyle.TITLE, plot,
				false);
		PlotStyle.apply(chart, panel ? PlotStyle.PANEL_TITLE : PlotStyle.TITLE);
		plot.setBackgroundPaint(PlotStyle.MISSING);
		PlotStyle.axis(x);
		PlotStyle.axis(y);
		boolean shortLabel = valueLabel.length() <= MAX_LEGEND_LABEL;
		NumberAxis legendAxis = new NumberAxis(shortLabel ? valueLabel : null);
		legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
		PlotStyle.axis(legendAxis);
		PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
		legend.setPosition(RectangleEdge.RIGHT);
		legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
		legend.setMargin(new RectangleInsets(4, 8, 4, 4));
		legend.setStripWidth(10);
		legend.setSubdivisionCount(128);
		legend.setBackgroundPaint(PlotStyle.BACKGROUND);
		chart.addSubtitle(legend);
		if (!shortLabel) {
			TextTitle note = new TextTitle(valueLabel, PlotStyle.TICK);
			note.setPaint(PlotStyle.TEXT);
			note.setPosition(RectangleEdge.BOTTOM);
			chart.addSubtitle(note);
		}
		return chart;
	}

	/** Lines over the categories, with markers; a null value breaks its line. */
	static JFreeChart lines(PlotData data) {
		XYSeriesCollection dataset = new XYSeriesCollection();
		for (PlotData.Series line : data.series()) {
			XYSeries series = new XYSeries(line.name(), false, true);
			for (int i = 0; i < line.values().length; i++) {
				series.add(i, line.values()[i]);
			}
			dataset.addSeries(series);
		}
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
		for (int i = 0; i < data.series().size(); i++) {
			renderer.setSeriesPaint(i, PlotStyle.line(i));
			renderer.setSeriesStroke(i, new BasicStroke(1.8f));
		}
		ValueAxis x = labelledAxis(data.xLabel(), data.categories());
		x.setRange(-0.5, Math.max(data.categories().size(), 1) - 0.5);
		NumberAxis y = new NumberAxis(data.yLabel());
		y.setAutoRangeIncludesZero(false);
		XYPlot plot = new XYPlot(dataset, x, y, renderer);
		plot.setDomainGridlinePaint(PlotStyle.GRID);
		plot.setRangeGridlinePaint(PlotStyle.GRID);
		JFreeChart chart = new JFreeChart(data.title(), PlotStyle.TITLE, plot, data.series().size() > 1);
		PlotStyle.apply(chart, PlotStyle.TITLE);
		PlotStyle.axis(x);
		PlotStyle.axis(y);
		return withScalars(chart, data);
	}

	/**
	 * Vertical bars over the categories, coloured by sign.
	 */
	static JFreeChart bars(PlotData data) {
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		for (PlotData.Series bars : data.series()) {
			for (int i = 0; i < bars.values().length; i++) {
				dataset.addValue(bars.values()[i], bars.name(), data.categories().get(i));
			}
		}
		BarRenderer renderer = new SignedBarRenderer();
		renderer.setBarPainter(new StandardBarPainter());
		renderer.setShadowVisible(false);
		renderer.setDrawBarOutline(true);
		renderer.setDefaultOutlinePaint(PlotStyle.TEXT);
		CategoryPlot plot = new CategoryPlot(dataset, categoryAxis(data), new NumberAxis(data.yLabel()), renderer);
		plot.setRangeGridlinePaint(PlotStyle.GRID);
		plot.setRangeZeroBaselineVisible(true);
		JFreeChart chart = new JFreeChart(data.title(), PlotStyle.TITLE, plot, false);
		PlotStyle.apply(chart, PlotStyle.TITLE);
		PlotStyle.axis(plot.getDomainAxis());
		PlotStyle.axis(plot.getRangeAxis());
		return withScalars(chart, data);
	}

	/** A box and whiskers per distribution: quartiles, whiskers to 1.5 IQR, outliers. */
	static JFreeChart distributions(PlotData data) {
		DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
		for (PlotData.Distribution distribution : data.distributions()) {
			List<Double> values = new ArrayList<>();
			for (float value : distribution.values()) {
				values.add((double) value);
			}
			dataset.add(BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(values), "values",
					distribution.name());
		}
		BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
		renderer.setSeriesPaint(0, PlotStyle.series(0));
		renderer.setSeriesOutlinePaint(0, PlotStyle.line(0));
		renderer.setDefaultOutlinePaint(PlotStyle.line(0));
		renderer.setUseOutlinePaintForWhiskers(true);
		// JFreeChart's mean marker is a disc as wide as the box, and its far-out markers
		// show up at the top of every box: the median line and outliers are enough.
		renderer.setMeanVisible(false);
		renderer.setMaxOutlierVisible(false);
		renderer.setMinOutlierVisible(false);
		NumberAxis y = new NumberAxis(data.yLabel());
		y.setAutoRangeIncludesZero(false);
		CategoryPlot plot = new CategoryPlot(dataset, categoryAxis(data), y, renderer);
		plot.setRangeGridlinePaint(PlotStyle.GRID);
		JFreeChart chart = new JFreeChart(data.title(), PlotStyle.TITLE, plot, false);
		PlotStyle.apply(chart, PlotStyle.TITLE);
		PlotStyle.axis(plot.getDomainAxis());
		PlotStyle.axis(y);
		return withScalars(chart, data);
	}

	/** A title drawn above a grid of panels. */
	static TextTitle title(String text) {
		TextTitle title = new TextTitle(text, PlotStyle.TITLE);
		title.setPaint(PlotStyle.TEXT);
		return title;
	}

	private static CategoryAxis categoryAxis(PlotData data) {
		CategoryAxis axis = new CategoryAxis(data.xLabel());
		if (data.categories().size() > 8) {
			axis.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
		}
		axis.setMaximumCategoryLabelLines(1);
		return axis;
	}

	/**
	 * An axis that labels positions 0, 1, ... with {@code labels}, or with plain integers
	 * when there are too many labels to read.
	 */
	private static ValueAxis labelledAxis(String label, List<String> labels) {
		if (labels.size() <= MAX_LABELLED_TICKS) {
			SymbolAxis axis = new SymbolAxis(label, labels.toArray(String[]::new));
			axis.setGridBandsVisible(false);
			return axis;
		}
		NumberAxis axis = new NumberAxis(label);
		axis.setStandardTickUnits(new NumberTickUnitSource(true));
		return axis;
	}

	private static void addCellTexts(XYPlot plot, PlotData.Heatmap heatmap) {
		List<List<String>> texts = heatmap.cellLabels();
		int columns = heatmap.columnLabels().size();
		if (texts == null || columns > MAX_TEXT_COLUMNS || heatmap.rowLabels().size() * columns > MAX_TEXT_CELLS) {
			return;
		}
		for (int row = 0; row < texts.size(); row++) {
			for (int column = 0; column < texts.get(row).size(); column++) {
				XYTextAnnotation text = new XYTextAnnotation(texts.get(row).get(column), column, row);
				text.setFont(PlotStyle.CELL);
				text.setPaint(PlotStyle.TEXT);
				plot.addAnnotation(text);
			}
		}
	}

	/**
	 * Writes the data's named numbers (e.g. a decomposition's constant) under the title.
	 */
	private static JFreeChart withScalars(JFreeChart chart, PlotData data) {
		if (!data.scalars().isEmpty()) {
			StringBuilder text = new StringBuilder();
			data.scalars()
				.forEach((name, value) -> text.append(text.length() == 0 ? "" : "   ")
					.append(name)
					.append(" = ")
					.append("%.4g".formatted(value)));
			TextTitle subtitle = new TextTitle(text.toString(), PlotStyle.LABEL);
			subtitle.setPaint(PlotStyle.TEXT);
			chart.addSubtitle(subtitle);
		}
		return chart;
	}

	/** Bars above zero in pastel blue, below zero in pastel orange. */
	private static final class SignedBarRenderer extends BarRenderer {

		@Override
		public Paint getItemPaint(int row, int column) {
			Number value = getPlot().getDataset().getValue(row, column);
			return value != null && value.doubleValue() < 0 ? PlotStyle.series(1) : PlotStyle.series(0);
		}

	}

}
