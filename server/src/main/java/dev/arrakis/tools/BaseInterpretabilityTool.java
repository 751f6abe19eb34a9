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

	/** Checks an MLP neuron index. */
	protected int checkNeuron(String parameter, int neuron) {
		return checkIndex(parameter, neuron, this.model.config().dMlp());
	}

	/**
	 * Checks one sequence: at least {@code minimum} tokens, each a token id of the
	 * vocabulary, no longer than the context of a model with learned positions.
	 */
	protected long[] checkTokens(String parameter, long[] tokens, int minimum) {
		if (tokens.length < minimum) {
			throw new IllegalArgumentException("%s must hold at least %d token%s, got %d".formatted(parameter, minimum,
					minimum == 1 ? "" : "s", tokens.length));
		}
		int context = this.model.config().nCtx();
		if (this.model.config().positional().learned() && tokens.length > context) {
			throw new IllegalArgumentException(
					"%s holds %d tokens; the model's context is %d".formatted(parameter, tokens.length, context));
		}
		int vocab = this.model.config().dVocab();
		for (int position = 0; position < tokens.length; position++) {
			if (tokens[position] < 0 || tokens[position] >= vocab) {
				throw new IllegalArgumentException("%s[%d] = %d is not a token id: valid ids are 0..%d"
					.formatted(parameter, position, tokens[position], vocab - 1));
			}
		}
		return tokens;
	}

	public static int checkIndex(String parameter, int value, int size) {
		if (value < 0 || value >= size) {
			throw new IllegalArgumentException(
					"%s = %d is out of range: valid values are 0..%d".formatted(parameter, value, size - 1));
		}
		return value;
	}

	public static long checkIndex(String parameter, long value, int size) {
		if (value < 0 || value >= size) {
			throw new IllegalArgumentException(
					"%s = %d is out of range: valid values are 0..%d".formatted(parameter, value, size - 1));
		}
		return value;
	}

}
