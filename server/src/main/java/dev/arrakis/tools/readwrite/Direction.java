package dev.arrakis.tools.readwrite;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.BaseInterpretabilityTool;

/**
 * A direction in the residual stream, with a label saying what it is. Every direction
 * resolves to a unit vector of length d_model ({@link #unitVector}).
 */
public sealed interface Direction {

	/** W_U[:, tokenId]: the direction that raises {@code tokenId}'s logit fastest. */
	static Direction token(long tokenId) {
		return new TokenUnembedding(tokenId);
	}

	/**
	 * W_U[:, tokenId] - W_U[:, otherTokenId]: the logit-difference direction of two
	 * tokens.
	 */
	static Direction difference(long tokenId, long otherTokenId) {
		return new TokenDifference(tokenId, otherTokenId);
	}

	/** An explicit vector of length d_model, any non-zero length. */
	static Direction of(String label, float[] vector) {
		return new Explicit(label, vector);
	}

	String label();

	/**
	 * The direction as a unit vector of length d_model.
	 * @throws IllegalArgumentException naming the parameter when a token id is out of
	 * range, the vector has the wrong length, or the direction is zero
	 */
	float[] unitVector(HookedAutoModel model);

	/** W_U[:, tokenId]. */
	record TokenUnembedding(long tokenId) implements Direction {

		@Override
		public String label() {
			return "W_U[:, " + this.tokenId + "]";
		}

		@Override
		public float[] unitVector(HookedAutoModel model) {
			BaseInterpretabilityTool.checkIndex("tokenId", this.tokenId, model.config().dVocab());
			return normalise(unembeddingColumns(model, this.tokenId, null), label());
		}

	}

	/** W_U[:, tokenId] - W_U[:, otherTokenId]. */
	record TokenDifference(long tokenId, long otherTokenId) implements Direction {

		@Override
		public String label() {
			return "W_U[:, " + this.tokenId + "] - W_U[:, " + this.otherTokenId + "]";
		}

		@Override
		public float[] unitVector(HookedAutoModel model) {
			BaseInterpretabilityTool.checkIndex("tokenId", this.tokenId, model.config().dVocab());
			BaseInterpretabilityTool.checkIndex("otherTokenId", this.otherTokenId, model.config().dVocab());
			return normalise(unembeddingColumns(model, this.tokenId, this.otherTokenId), label());
		}

	}

	/** A vector given by the caller. */
	record Explicit(String label, float[] vector) implements Direction {

		public Explicit {
			vector = vector.clone();
		}

		@Override
		public float[] vector() {
			return this.vector.clone();
		}

		@Override
		public float[] unitVector(HookedAutoModel model) {
			int width = model.config().dModel();
			if (this.vector.length != width) {
				throw new IllegalArgumentException("direction vector has length %d: it must have d_model = %d values"
					.formatted(this.vector.length, width));
			}
			return normalise(this.vector, label());
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Explicit that && this.label.equals(that.label)
					&& Arrays.equals(this.vector, that.vector);
		}

		@Override
		public int hashCode() {
			return 31 * this.label.hashCode() + Arrays.hashCode(this.vector);
		}

		@Override
		public String toString() {
			return "Explicit[" + this.label + ", d=" + this.vector.length + "]";
		}

	}

	/**
	 * W_U[:, tokenId], minus W_U[:, otherTokenId] when that is given: only those columns
	 * are copied; the model is never touched.
	 */
	private static float[] unembeddingColumns(HookedAutoModel model, long tokenId, @Nullable Long otherTokenId) {
		try (ForwardContext scope = model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			long[] tokens = otherTokenId == null ? new long[] { tokenId } : new long[] { tokenId, otherTokenId };
			NDArray columns = model.unembedColumns(tokens, manager).toType(DataType.FLOAT32, false);
			NDArray column = otherTokenId == null ? columns.get(0) : columns.get(0).sub(columns.get(1));
			return column.toFloatArray();
		}
	}

	private static float[] normalise(float[] vector, String label) {
		double squares = 0;
		for (float value : vector) {
			if (!Float.isFinite(value)) {
				throw new IllegalArgumentException("direction " + label + " holds a non-finite value: " + value);
			}
			squares += (double) value * value;
		}
		if (squares == 0) {
			throw new IllegalArgumentException("direction " + label + " is zero: it must have a non-zero length");
		}
		double norm = Math.sqrt(squares);
		float[] unit = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / norm);
		}
		return unit;
	}

}
