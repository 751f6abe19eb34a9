package dev.arrakis.bench.plot;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.tools.Labels;

/**
 * The neurons (last-axis units) of a [batch, pos, n] activation ranked by their mean
 * absolute activation over positions, shared by the two neuron plot types.
 */
final class TopNeurons {

	/** The activations the neuron plots accept: one value per unit per position. */
	static final Set<HookPoint> ACCEPTED = Set.of(HookPoint.MLP_PRE, HookPoint.MLP_PRE_LINEAR, HookPoint.MLP_POST,
			HookPoint.EMBED, HookPoint.POS_EMBED, HookPoint.RESID_PRE, HookPoint.RESID_MID, HookPoint.RESID_POST,
			HookPoint.ATTN_OUT, HookPoint.MLP_OUT, HookPoint.LN1_NORMALIZED, HookPoint.LN2_NORMALIZED,
			HookPoint.LN_FINAL_NORMALIZED);

	private static final Set<HookPoint> MLP_NEURONS = Set.of(HookPoint.MLP_PRE, HookPoint.MLP_PRE_LINEAR,
			HookPoint.MLP_POST);

	private TopNeurons() {
	}

	/** [pos][unit] from a [1, pos, n] activation. */
	static float[][] byPosition(HostTensor activation) {
		int positions = (int) activation.shape()[1];
		int units = (int) activation.shape()[2];
		float[][] rows = new float[positions][units];
		for (int position = 0; position < positions; position++) {
			System.arraycopy(activation.data(), position * units, rows[position], 0, units);
		}
		return rows;
	}

	/**
	 * The {@code k} units with the largest mean |a| over positions, largest first (the
	 * lower index first on a tie); all of them when k exceeds their number.
	 */
	static int[] select(float[][] byPosition, int k) {
		int units = byPosition[0].length;
		double[] meanAbsolute = new double[units];
		for (float[] row : byPosition) {
			for (int unit = 0; unit < units; unit++) {
				meanAbsolute[unit] += Math.abs(row[unit]) / byPosition.length;
			}
		}
		return IntStream.range(0, units)
			.boxed()
			.sorted(Comparator.<Integer>comparingDouble(unit -> -meanAbsolute[unit]).thenComparing(unit -> unit))
			.limit(k)
			.mapToInt(Integer::intValue)
			.toArray();
	}

	/** {@code L0N17} for MLP neurons, {@code resid_post[17]}-style otherwise. */
	static String label(HookName key, int unit) {
		if (MLP_NEURONS.contains(key.point())) {
			return Labels.neuron(key.layer(), unit);
		}
		return "%s[%d]".formatted(key, unit);
	}

	/** The unit axis label for the key's activation. */
	static String unitKind(HookName key) {
		return MLP_NEURONS.contains(key.point()) ? "Neuron" : "Dimension of " + key;
	}

	static List<String> labels(HookName key, int[] units) {
		return IntStream.of(units).mapToObj(unit -> label(key, unit)).toList();
	}

}
