/**
 * Plots for the experiment bench, plain Java: a {@link dev.arrakis.bench.plot.PlotSpec}
 * names a plot type, the TransformerLens hook names it reads and its options;
 * {@link dev.arrakis.bench.plot.Plots} runs one forward with a cache restricted to those
 * hooks and returns {@link dev.arrakis.bench.plot.PlotData}, the exact numbers drawn
 * (what the dashboard draws); {@link dev.arrakis.bench.plot.PlotRenderer} draws the same
 * data as PNG or SVG with JFreeChart, headless.
 */
@NullMarked
package dev.arrakis.bench.plot;

import org.jspecify.annotations.NullMarked;
