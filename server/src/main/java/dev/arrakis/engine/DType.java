package dev.arrakis.engine;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.ndarray.types.DataType;

/**
 * The floating-point type a resident model computes in. BF16 never reaches DJL: DJL 0.36
 * aborts the JVM on it.
 */
public enum DType {

	FLOAT32("float32", DataType.FLOAT32), FLOAT16("float16", DataType.FLOAT16);

	private final String label;

	private final DataType dataType;

	DType(String label, DataType dataType) {
		this.label = label;
		this.dataType = dataType;
	}

	public String label() {
		return this.label;
	}

	public DataType dataType() {
		return this.dataType;
	}

	/**
	 * Accepts {@code float32}/{@code fp32}/{@code float16}/{@code fp16}/{@code half},
	 * case-insensitively.
	 */
	public static DType parse(String text) {
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "float32", "fp32", "float" -> FLOAT32;
			case "float16", "fp16", "half" -> FLOAT16;
			default -> throw new IllegalArgumentException("Unknown dtype '%s'; allowed: %s".formatted(text,
					Arrays.stream(values()).map(DType::label).toList()));
		};
	}

}
