package dev.arrakis.bench.plot;

import java.util.List;
import java.util.function.Function;

import dev.arrakis.engine.hooks.HookName;

/**
 * A checked plot waiting for the forward: the hooks it reads, and how it turns them into
 * data.
 *
 * @param hooks the activations the forward must cache for it
 * @param builder builds the data from the forward, while its cache is open
 */
record PreparedPlot(List<HookName> hooks, Function<Forward, PlotData> builder) {

	PreparedPlot {
		hooks = List.copyOf(hooks);
	}

	PlotData build(Forward forward) {
		return this.builder.apply(forward);
	}

}
