package dev.arrakis.bench.plot;

/**
 * One plot type: checks a spec against the model before anything runs, names the hooks it
 * reads, and builds its {@link PlotData} from the shared forward.
 */
interface PlotKind {

	/** The type's name in {@link PlotSpec#type()}, e.g. {@code attention}. */
	String type();

	/** The data keys and options the type takes, quoted in errors and the type list. */
	String usage();

	/**
	 * Checks the request (keys, options) and prepares the plot.
	 * @throws IllegalArgumentException naming the key or option at fault and what the
	 * type needs
	 */
	PreparedPlot prepare(PlotRequest request);

}
