package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.tokenizer.Tokenizer;

/** The top-k next tokens at each position, from logits [batch, positions, vocab]. */
final class Predictions {

	private Predictions() {
	}

	/**
	 * @param positions the input position of each logits row
	 */
	static List<List<Prediction>> topK(HostTensor logits, List<Integer> positions, int k,
			@Nullable Tokenizer tokenizer) {
		int batch = (int) logits.shape()[0];
		int rows = (int) logits.shape()[1];
		int vocab = (int) logits.shape()[2];
		int kept = Math.min(k, vocab);
		float[] data = logits.data();
		List<List<Prediction>> predictions = new ArrayList<>(batch);
		for (int b = 0; b < batch; b++) {
			List<Prediction> row = new ArrayList<>(rows);
			for (int r = 0; r < rows; r++) {
				row.add(at(data, (b * rows + r) * vocab, vocab, kept, positions.get(r), tokenizer));
			}
			predictions.add(row);
		}
		return predictions;
	}

	private static Prediction at(float[] data, int offset, int vocab, int k, int position,
			@Nullable Tokenizer tokenizer) {
		double max = Double.NEGATIVE_INFINITY;
		for (int v = 0; v < vocab; v++) {
			max = Math.max(max, data[offset + v]);
		}
		double sum = 0;
		for (int v = 0; v < vocab; v++) {
			sum += Math.exp(data[offset + v] - max);
		}
		// A min-heap of the k largest (ties: the lower id wins).
		PriorityQueue<Integer> best = new PriorityQueue<>(k + 1, (a, b) -> {
			int byValue = Float.compare(data[offset + a], data[offset + b]);
			return byValue != 0 ? byValue : Integer.compare(b, a);
		});
		for (int v = 0; v < vocab; v++) {
			best.add(v);
			if (best.size() > k) {
				best.poll();
			}
		}
		long[] tokens = new long[best.size()];
		double[] probabilities = new double[best.size()];
		for (int i = tokens.length - 1; i >= 0; i--) {
			int v = best.poll();
			tokens[i] = v;
			probabilities[i] = Math.exp(data[offset + v] - max) / sum;
		}
		List<String> strings = tokenizer == null ? null : List.of(tokenizer.tokenStrings(tokens));
		return new Prediction(position, tokens, strings, probabilities);
	}

}
