package dev.arrakis.tools.superposition;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The replacement {@code interpolate_concepts} writes at its hook: the activation with
 * one position moved to (1 - t) a + t b. Written as x * keep + ((1 - t) x + t b) * (1 -
 * keep), with keep 0 at the position and 1 elsewhere, so every other position keeps its
 * value bit for bit and t = 0 leaves the activation unchanged.
 */
final class ActivationBlend {

	private ActivationBlend() {
	}

	/**
	 * @param activation [1, pos, ...] as the hook sees it
	 * @param target b, the flattened trailing dimensions at one position
	 */
	static NDArray blend(NDArray activation, int position, float[] target, double t) {
		NDManager manager = activation.getManager();
		Shape shape = activation.getShape();
		long[] perPosition = new long[shape.dimension()];
		Arrays.fill(perPosition, 1);
		perPosition[1] = shape.get(1);
		float[] keep = new float[(int) shape.get(1)];
		Arrays.fill(keep, 1f);
		keep[position] = 0f;
		NDArray keepMask = manager.create(keep, new Shape(perPosition)).toType(activation.getDataType(), false);
		long[] targetShape = shape.getShape().clone();
		targetShape[0] = 1;
		targetShape[1] = 1;
		NDArray b = manager.create(target, new Shape(targetShape)).toType(activation.getDataType(), false);
		NDArray moved = activation.mul((float) (1 - t)).add(b.mul((float) t));
		return activation.mul(keepMask).add(moved.mul(keepMask.neg().add(1)));
	}

	/** The indices of the {@code k} largest values, largest first. */
	static int[] topIndices(float[] values, int k) {
		Integer[] order = new Integer[values.length];
		for (int i = 0; i < values.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
		int[] top = new int[k];
		for (int i = 0; i < k; i++) {
			top[i] = order[i];
		}
		return top;
	}

}
