package dev.arrakis.tools.causal;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Turns {@link Intervention}s into hooks. Each hook changes only the selected values:
 * scaling multiplies everything else by exactly one, setting selects the new value with
 * {@code where}, so untouched values stay bit for bit. Interventions at one hook apply in
 * the order given. Inputs are checked by the caller
 * ({@link ActivationPatching#intervene}).
 */
final class Interventions {

	private Interventions() {
	}

	static Hooks hooks(List<Intervention> interventions) {
		Hooks hooks = Hooks.none();
		for (Intervention intervention : interventions) {
			hooks = hooks.with(hookName(intervention), (activation, name) -> apply(intervention, activation));
		}
		return hooks;
	}

	private static HookName hookName(Intervention intervention) {
		HookPoint point = intervention instanceof Intervention.HeadScale ? HookPoint.Z : HookPoint.MLP_POST;
		return HookName.of(point, intervention.layer());
	}

	private static NDArray apply(Intervention intervention, NDArray activation) {
		if (intervention instanceof Intervention.NeuronValue set) {
			return set(activation, set.neuron(), set.position(), set.value());
		}
		if (intervention instanceof Intervention.NeuronScale scale) {
			return scale(activation, scale.neuron(), scale.position(), scale.factor());
		}
		Intervention.HeadScale scale = (Intervention.HeadScale) intervention;
		return scale(activation, scale.head(), scale.position(), scale.factor());
	}

	/**
	 * {@code activation} [batch, pos, n] ([batch, pos, H, d_head] for z) times a factor
	 * that is {@code factor} at index {@code index} of axis 2 (at {@code position}, or
	 * every position) and exactly one elsewhere.
	 */
	private static NDArray scale(NDArray activation, int index, int position, double factor) {
		float[] factors = selection(activation, index, position, 1f, (float) factor);
		NDArray multiplier = activation.getManager()
			.create(factors, maskShape(activation))
			.toType(activation.getDataType(), false);
		return activation.mul(multiplier);
	}

	/**
	 * {@code activation} [batch, pos, n] with index {@code index} set to {@code value}.
	 */
	private static NDArray set(NDArray activation, int index, int position, double value) {
		float[] selected = selection(activation, index, position, 0f, 1f);
		Shape full = activation.getShape();
		NDArray mask = activation.getManager().create(selected, maskShape(activation)).gt(0.5f).broadcast(full);
		NDArray replacement = activation.zerosLike().add((float) value);
		return NDArrays.where(mask, replacement, activation);
	}

	/** [pos, n] (z: [pos, H, 1]) values: {@code hit} at the target, else {@code rest}. */
	private static float[] selection(NDArray activation, int index, int position, float rest, float hit) {
		int positions = (int) activation.getShape().get(1);
		int width = (int) activation.getShape().get(2);
		float[] values = new float[positions * width];
		Arrays.fill(values, rest);
		for (int at = 0; at < positions; at++) {
			if (position == Intervention.ALL_POSITIONS || position == at) {
				values[at * width + index] = hit;
			}
		}
		return values;
	}

	/** [1, pos, n] for a per-neuron activation, [1, pos, H, 1] for z. */
	private static Shape maskShape(NDArray activation) {
		long positions = activation.getShape().get(1);
		long width = activation.getShape().get(2);
		return activation.getShape().dimension() == 4 ? new Shape(1, positions, width, 1)
				: new Shape(1, positions, width);
	}

}
