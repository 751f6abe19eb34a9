package dev.arrakis.engine.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Test-only: writes {@code .safetensors} files (F32, F16, BF16, I64) from Java arrays,
 * tensors in the order added, and reads a checkpoint back as float arrays so a test can
 * write altered copies of it. F16 and BF16 are rounded to nearest, ties to even;
 * {@link #roundToBf16} and {@link #roundToF16} give the value a float becomes, widened
 * back.
 */
final class SafetensorsWriter {

	/** One tensor as stored: safetensors dtype, shape and little-endian bytes. */
	record Tensor(String dtype, long[] shape, byte[] data) {
	}

	/** A float tensor read from a checkpoint. */
	record Floats(long[] shape, float[] values) {
	}

	private final Map<String, Tensor> tensors = new LinkedHashMap<>();

	SafetensorsWriter f32(String name, long[] shape, float[] values) {
		ByteBuffer bytes = little(values.length * 4);
		for (float value : values) {
			bytes.putFloat(value);
		}
		return raw(name, "F32", shape, bytes.array());
	}

	SafetensorsWriter f16(String name, long[] shape, float[] values) {
		ByteBuffer bytes = little(values.length * 2);
		for (float value : values) {
			bytes.putShort(f16Bits(value));
		}
		return raw(name, "F16", shape, bytes.array());
	}

	SafetensorsWriter bf16(String name, long[] shape, float[] values) {
		ByteBuffer bytes = little(values.length * 2);
		for (float value : values) {
			bytes.putShort(bf16Bits(value));
		}
		return raw(name, "BF16", shape, bytes.array());
	}

	SafetensorsWriter i64(String name, long[] shape, long[] values) {
		ByteBuffer bytes = little(values.length * 8);
		for (long value : values) {
			bytes.putLong(value);
		}
		return raw(name, "I64", shape, bytes.array());
	}

	/** Any bytes under any dtype and shape, consistent or not. */
	SafetensorsWriter raw(String name, String dtype, long[] shape, byte[] data) {
		this.tensors.put(name, new Tensor(dtype, shape.clone(), data.clone()));
		return this;
	}

	/**
	 * Writes the header (padded with spaces to a multiple of 8, as safetensors does) and
	 * the data.
	 */
	Path write(Path file) throws IOException {
		JsonObject header = new JsonObject();
		JsonObject metadata = new JsonObject();
		metadata.addProperty("format", "pt");
		header.add("__metadata__", metadata);
		long offset = 0;
		for (Map.Entry<String, Tensor> e : this.tensors.entrySet()) {
			JsonObject entry = new JsonObject();
			entry.addProperty("dtype", e.getValue().dtype());
			JsonArray shape = new JsonArray();
			for (long dim : e.getValue().shape()) {
				shape.add(dim);
			}
			entry.add("shape", shape);
			JsonArray offsets = new JsonArray();
			offsets.add(offset);
			offset += e.getValue().data().length;
			offsets.add(offset);
			entry.add("data_offsets", offsets);
			header.add(e.getKey(), entry);
		}
		StringBuilder json = new StringBuilder(header.toString());
		while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
			json.append(' ');
		}
		byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
		ByteBuffer out = little(Math.toIntExact(8 + headerBytes.length + offset));
		out.putLong(headerBytes.length).put(headerBytes);
		this.tensors.values().forEach(t -> out.put(t.data()));
		return Files.write(file, out.array());
	}

	/**
	 * Every tensor of a checkpoint file, in file order, as float32 values (F16 and BF16
	 * widened by the reader).
	 */
	static Map<String, Floats> readFloats(Path file) throws IOException {
		SafetensorsFile source = SafetensorsFile.open(file);
		Map<String, Floats> result = new LinkedHashMap<>();
		try (NDManager manager = NDManager.newBaseManager()) {
			for (SafetensorsFile.Entry entry : source.entries().values()) {
				float[] values = source.load(entry.name(), manager).toType(DataType.FLOAT32, false).toFloatArray();
				result.put(entry.name(), new Floats(entry.shape().getShape(), values));
			}
		}
		return result;
	}

	/** Round to nearest even at 8 significant bits; NaN stays a quiet NaN. */
	static short bf16Bits(float value) {
		int bits = Float.floatToRawIntBits(value);
		if (Float.isNaN(value)) {
			return (short) ((bits >>> 16) | 0x0040);
		}
		return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
	}

	static float bf16Value(short bits) {
		return Float.intBitsToFloat((bits & 0xFFFF) << 16);
	}

	static float roundToBf16(float value) {
		return bf16Value(bf16Bits(value));
	}

	/** IEEE binary16, round to nearest even, overflow to infinity. */
	static short f16Bits(float value) {
		int sign = (Float.floatToRawIntBits(value) >>> 16) & 0x8000;
		float abs = Math.abs(value);
		if (Float.isNaN(value)) {
			return (short) (sign | 0x7E00);
		}
		if (abs >= 65520f) {
			return (short) (sign | 0x7C00);
		}
		if (abs < 0x1p-14f) {
			// Subnormal: m * 2^-24; m = 1024 rounds up into the smallest normal, which
			// the bit layout gives for free.
			return (short) (sign | (int) Math.rint(abs * 0x1p24f));
		}
		int exponent = Math.getExponent(abs);
		int mantissa = (int) Math.rint(Math.scalb(abs, 10 - exponent)) - 1024;
		return (short) (sign | (((exponent + 15) << 10) + mantissa));
	}

	static float f16Value(short bits) {
		int h = bits & 0xFFFF;
		int sign = (h & 0x8000) << 16;
		int exponent = (h >>> 10) & 0x1F;
		int mantissa = h & 0x3FF;
		if (exponent == 0x1F) {
			return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			float magnitude = mantissa * 0x1p-24f;
			return sign != 0 ? -magnitude : magnitude;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

	static float roundToF16(float value) {
		return f16Value(f16Bits(value));
	}

	private static ByteBuffer little(int size) {
		return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
	}

}
