package dev.arrakis.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * What an intervention is measured by, computed from a run's logits [batch, pos,
 * d_vocab]. Every result that reports a metric says which one ({@link #describe()}).
 */
public sealed interface Metric {

	/**
	 * Mean next-token cross-entropy, in nats, over positions 0 .. pos - 2 (each predicts
	 * the token after it).
	 */
	static Metric loss() {
		return new Loss();
	}

	/**
	 * logit[correctToken] - logit[incorrectToken] at {@code position}.
	 */
	static Metric logitDifference(int position, long correctToken, long incorrectToken) {
		return new LogitDifference(position, correctToken, incorrectToken);
	}

	/**
	 * The metric for batch row {@code row} of {@code logits}, whose tokens are
	 * {@code tokens}.
	 */
	double evaluate(NDArray logits, int row, long[] tokens);

	/**
	 * Checks the metric against a sequence of {@code length} tokens and a vocabulary of
	 * {@code vocab}, naming the parameter at fault.
	 */
	void validate(int length, int vocab);

	String describe();

	/** Mean next-token cross-entropy in nats. */
	record Loss() implements Metric {

		@Override
		public double evaluate(NDArray logits, int row, long[] tokens) {
			int vocab = (int) logits.getShape().get(2);
			float[] logProbabilities = logits.get(row).toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
			double sum = 0;
			for (int position = 0; position + 1 < tokens.length; position++) {
				sum -= logProbabilities[position * vocab + (int) tokens[position + 1]];
			}
			return sum / (tokens.length - 1);
		}

		@Override
		public void validate(int length, int vocab) {
			if (length < 2) {
				throw new IllegalArgumentException(
						"tokens must hold at least 2 tokens for the loss metric, got " + length);
			}
		}

		@Override
		public String describe() {
			return "loss: mean next-token cross-entropy (nats)";
		}

	}

	/** logit[correctToken] - logit[incorrectToken] at one position. */
	record LogitDifference(int position, long correctToken, long incorrectToken) implements Metric {

		@Override
		public double evaluate(NDArray logits, int row, long[] tokens) {
			float[] at = logits.get(row, this.position).toType(DataType.FLOAT32, false).toFloatArray();
			return (double) at[(int) this.correctToken] - at[(int) this.incorrectToken];
		}

		@Override
		public void validate(int length, int vocab) {
			BaseInterpretabilityTool.checkIndex("position", this.position, length);
			BaseInterpretabilityTool.checkIndex("correctToken", this.correctToken, vocab);
			BaseInterpretabilityTool.checkIndex("incorrectToken", this.incorrectToken, vocab);
		}

		@Override
		public String describe() {
			return "logit_diff: logit[%d] - logit[%d] at position %d".formatted(this.correctToken, this.incorrectToken,
					this.position);
		}

	}

}
