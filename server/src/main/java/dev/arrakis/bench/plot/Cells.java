package dev.arrakis.bench.plot;

import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.config.AttentionType;

/** Small conversions from host activations to plot values and labels. */
final class Cells {

	private Cells() {
	}

	/**
	 * {@code rows} x {@code columns} values read row-major from {@code data} at
	 * {@code offset}; a value that is not finite becomes null.
	 */
	static @Nullable Float[][] matrix(float[] data, int offset, int rows, int columns) {
		@Nullable Float[][] values = new Float[rows][columns];
		for (int row = 0; row < rows; row++) {
			for (int column = 0; column < columns; column++) {
				values[row][column] = value(data[offset + row * columns + column]);
			}
		}
		return values;
	}

	/** The value, or null when it is NaN or infinite (strict JSON has neither). */
	static @Nullable Float value(double value) {
		return Double.isFinite(value) ? (float) value : null;
	}

	/**
	 * Sets to null every score a query cannot see (later keys, keys outside a sliding
	 * window): the forward fills those with the float minimum before the softmax, so they
	 * are not scores.
	 */
	static void hideUnseen(@Nullable Float[][] scores, AttentionType type) {
		for (int query = 0; query < scores.length; query++) {
			for (int key = 0; key < scores[query].length; key++) {
				if (!type.sees(query, key)) {
					scores[query][key] = null;
				}
			}
		}
	}

	/** {@code 0} .. {@code n - 1} as labels. */
	static List<String> indices(int n) {
		return IntStream.range(0, n).mapToObj(Integer::toString).toList();
	}

	/** A TransformerLens dimension name as an axis label. */
	static String axisLabel(String dimension) {
		return switch (dimension) {
			case "pos" -> "Position";
			case "query_pos" -> "Query position";
			case "key_pos" -> "Key position";
			case "d_model" -> "Residual dimension (d_model)";
			case "d_head" -> "Head dimension (d_head)";
			case "d_mlp" -> "Neuron (d_mlp)";
			case "d_vocab" -> "Token id (d_vocab)";
			case "1" -> "(single value)";
			default -> dimension;
		};
	}

}
