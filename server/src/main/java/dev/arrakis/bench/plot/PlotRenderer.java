package dev.arrakis.bench.plot;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Size2D;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws {@link PlotData} as PNG or SVG with JFreeChart: heatmaps with a colour legend
 * (sequential or diverging about 0), grids of heatmap panels under one title, lines,
 * sign-coloured bars, and box-and-whisker distributions. Always headless: it never opens
 * a window.
 */
public final class PlotRenderer {

	/** The largest width or height accepted, in pixels. */
	public static final int MAX_SIZE = 8192;

	static {
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
	}

	private PlotRenderer() {
	}

	/** The plot as a PNG image of {@code width} x {@code height} pixels. */
	public static byte[] png(PlotData data, int width, int height) {
		checkSize(width, height);
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			draw(data, graphics, width, height);
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The plot as a standalone SVG element of {@code width} x {@code height} pixels, text
	 * as SVG text.
	 */
	public static String svg(PlotData data, int width, int height) {
		checkSize(width, height);
		SVGGraphics2D graphics = new SVGGraphics2D(width, height);
		draw(data, graphics, width, height);
		return graphics.getSVGElement();
	}

	private static void draw(PlotData data, Graphics2D graphics, int width, int height) {
		graphics.setPaint(PlotStyle.BACKGROUND);
		graphics.fillRect(0, 0, width, height);
		Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
		switch (data.kind()) {
			case PlotData.HEATMAP -> single(data).draw(graphics, area);
			case PlotData.HEATMAP_GRID -> grid(data, graphics, area);
			case PlotData.LINES -> Charts.lines(data).draw(graphics, area);
			case PlotData.BARS -> Charts.bars(data).draw(graphics, area);
			case PlotData.DISTRIBUTIONS -> Charts.distributions(data).draw(graphics, area);
			default -> throw new IllegalArgumentException("plot kind '%s' is not one of %s".formatted(data.kind(), List
				.of(PlotData.HEATMAP, PlotData.HEATMAP_GRID, PlotData.LINES, PlotData.BARS, PlotData.DISTRIBUTIONS)));
		}
	}

	private static JFreeChart single(PlotData data) {
		if (data.heatmaps().size() != 1) {
			throw new IllegalArgumentException("a heatmap needs one heatmap, got " + data.heatmaps().size());
		}
		PlotData.Heatmap heatmap = data.heatmaps().get(0);
		return Charts
			.heatmap(
					new PlotData.Heatmap(data.title(), heatmap.rowLabels(), heatmap.columnLabels(), heatmap.values(),
							heatmap.cellLabels(), heatmap.scale()),
					data.xLabel(), data.yLabel(), data.valueLabel(), false);
	}

	/**
	 * The title across the top, then the panels in a near-square grid, each with its own
	 * title and colour legend.
	 */
	private static void grid(PlotData data, Graphics2D graphics, Rectangle2D area) {
		TextTitle title = Charts.title(data.title());
		// A title lays its text out in arrange(); draw() alone draws nothing.
		Size2D size = title.arrange(graphics, new RectangleConstraint(area.getWidth(), null, LengthConstraintType.FIXED,
				0, null, LengthConstraintType.NONE));
		double titleHeight = Math.min(size.getHeight() + 8, area.getHeight() / 4);
		title.draw(graphics, new Rectangle2D.Double(area.getX(), area.getY(), area.getWidth(), titleHeight));
		List<PlotData.Heatmap> panels = data.heatmaps();
		int columns = (int) Math.ceil(Math.sqrt(panels.size()));
		int rows = Math.max(1, (int) Math.ceil(panels.size() / (double) columns));
		double panelWidth = area.getWidth() / columns;
		double panelHeight = (area.getHeight() - titleHeight) / rows;
		for (int i = 0; i < panels.size(); i++) {
			Rectangle2D cell = new Rectangle2D.Double(area.getX() + (i % columns) * panelWidth,
					area.getY() + titleHeight + (i / columns) * panelHeight, panelWidth, panelHeight);
			Charts.heatmap(panels.get(i), data.xLabel(), data.yLabel(), data.valueLabel(), true).draw(graphics, cell);
		}
	}

	private static void checkSize(int width, int height) {
		if (width < 1 || width > MAX_SIZE) {
			throw new IllegalArgumentException(
					"width = %d is out of range: valid values are 1..%d".formatted(width, MAX_SIZE));
		}
		if (height < 1 || height > MAX_SIZE) {
			throw new IllegalArgumentException(
					"height = %d is out of range: valid values are 1..%d".formatted(height, MAX_SIZE));
		}
	}

}
