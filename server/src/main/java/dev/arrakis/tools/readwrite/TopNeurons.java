package dev.arrakis.tools.readwrite;

import java.util.Comparator;
import java.util.stream.IntStream;

import dev.arrakis.tools.Labels;

/** Picks a layer's neurons with the largest |score|, keeping the sign. */
final class TopNeurons {

	private TopNeurons() {
	}

	/**
	 * The {@code k} neurons of {@code layer} with the largest |scores[n]|, largest first
	 * (ties by lower index).
	 */
	static NeuronScore[] largest(int layer, float[] scores, int k) {
		return IntStream.range(0, scores.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer n) -> -Math.abs(scores[n])).thenComparingInt(n -> n))
			.limit(k)
			.map(n -> new NeuronScore(Labels.neuron(layer, n), layer, n, scores[n]))
			.toArray(NeuronScore[]::new);
	}

}
