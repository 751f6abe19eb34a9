package dev.arrakis.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

/**
 * What an intervention is measured by, computed from a run's logits [batch, pos,
 * d_vocab]. Every result that reports a metric says which one ({@link #describe()}).
 * Called by name, a metric is JSON: {@code "loss"}, {@code {"kind": "loss", "from": f,
 * "to": t}} or {@code {"kind": "logit_diff", "position": p, "correctToken": c,
 * "incorrectToken": i}} ({@link JsonForms#METRIC}).
 */
public sealed interface Metric {

	/**
	 * Mean next-token cross-entropy, in nats, over positions 0 .. pos - 2 (each predicts
	 * the token after it).
	 */
	static Metric loss() {
		return new Loss(0, null);
	}

	/**
	 * Mean next-token cross-entropy over the predictions made at positions {@code from}
	 * .. {@code to} - 1, e.g. the repeated half of a repeated sequence.
	 */
	static Metric loss(int from, int to) {
		return new Loss(from, to);
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
	 * The same value as {@link #evaluate}, as a differentiable scalar NDArray (float32)
	 * computed from {@code logits} by array operations only, so that a gradient pass can
	 * differentiate it. It belongs to the manager of {@code logits}.
	 */
	NDArray objective(NDArray logits, int row, long[] tokens);

	/**
	 * Checks the metric against a sequence of {@code length} tokens and a vocabulary of
	 * {@code vocab}, naming the parameter at fault.
	 */
	void validate(int length, int vocab);

	String describe();

	/**
	 * Mean next-token cross-entropy in nats over the predictions at positions from .. to
	 * - 1 (to null: every position but the last).
	 */
	record Loss(int from, @Nullable Integer to) implements Metric {

		@Override
		public double evaluate(NDArray logits, int row, long[] tokens) {
			int vocab = (int) logits.getShape().get(2);
			int end = end(tokens.length);
			float[] logProbabilities = logits.get(row).toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
			double sum = 0;
			for (int position = this.from; position < end; position++) {
				sum -= logProbabilities[position * vocab + (int) tokens[position + 1]];
			}
			return sum / (end - this.from);
		}

		/**
		 * -(1 / n) sum of log_softmax at the next tokens, picked by a one-hot mask over
		 * [n, d_vocab].
		 */
		@Override
		public NDArray objective(NDArray logits, int row, long[] tokens) {
			int vocab = (int) logits.getShape().get(2);
			int end = end(tokens.length);
			int count = end - this.from;
			float[] oneHot = new float[count * vocab];
			for (int position = this.from; position < end; position++) {
				oneHot[(position - this.from) * vocab + (int) tokens[position + 1]] = 1f;
			}
			NDArray logProbabilities = logits.get(new NDIndex("{}, {}:{}, :", row, this.from, end))
				.toType(DataType.FLOAT32, false)
				.logSoftmax(-1);
			NDArray mask = logits.getManager().create(oneHot, new Shape(count, vocab));
			return logProbabilities.mul(mask).sum().neg().div(count);
		}

		private int end(int length) {
			return this.to == null ? length - 1 : this.to;
		}

		@Override
		public void validate(int length, int vocab) {
			if (length < 2) {
				throw new IllegalArgumentException(
						"tokens must hold at least 2 tokens for the loss metric, got " + length);
			}
			if (this.to != null && (this.from < 0 || this.to <= this.from || this.to > length - 1)) {
				throw new IllegalArgumentException(
						"loss positions [%d, %d) are out of range: need 0 <= from < to <= %d (the last position has no next token)"
							.formatted(this.from, this.to, length - 1));
			}
		}

		@Override
		public String describe() {
			String over = this.to == null ? "" : " over positions [%d, %d)".formatted(this.from, this.to);
			return "loss: mean next-token cross-entropy (nats)" + over;
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
		public NDArray objective(NDArray logits, int row, long[] tokens) {
			NDArray at = logits.get(new NDIndex("{}, {}, :", row, this.position)).toType(DataType.FLOAT32, false);
			return at.get(new NDIndex("{}", this.correctToken)).sub(at.get(new NDIndex("{}", this.incorrectToken)));
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
