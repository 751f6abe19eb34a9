package dev.arrakis.tools;

import dev.arrakis.engine.HookedAutoModel;

/**
 * The base users extend for their own tools, as in the original Arrakis: it holds the
 * model the tool reads. Tools never change the model; interventions go through a call's
 * hooks.
 */
public abstract class BaseInterpretabilityTool implements InterpretabilityTool {

	protected final HookedAutoModel model;

	protected BaseInterpretabilityTool(HookedAutoModel model) {
		this.model = model;
	}

	public HookedAutoModel model() {
		return this.model;
	}

	/**
	 * Checks a layer index, naming the parameter and its range when it is out of range.
	 */
	protected int checkLayer(String parameter, int layer) {
		return checkIndex(parameter, layer, this.model.config().nLayers());
	}

	/** Checks a head index. */
	protected int checkHead(String parameter, int head) {
		return checkIndex(parameter, head, this.model.config().nHeads());
	}

	protected static int checkIndex(String parameter, int value, int size) {
		if (value < 0 || value >= size) {
			throw new IllegalArgumentException(
					"%s = %d is out of range: valid values are 0..%d".formatted(parameter, value, size - 1));
		}
		return value;
	}

}
