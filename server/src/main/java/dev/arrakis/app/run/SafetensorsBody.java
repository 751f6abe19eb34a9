package dev.arrakis.app.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes tensors as a safetensors file: an 8-byte little-endian header length, a JSON
 * header ({@code __metadata__} of strings, then per tensor its {@code dtype} ({@code F32}
 * or {@code F16}), {@code shape} and {@code data_offsets} into the data), padded with
 * spaces to a multiple of 8 bytes, then the raw little-endian data in header order. numpy
 * ({@code safetensors.numpy.load}), torch and any reader of the format read it directly.
 */
public final class SafetensorsBody {

	/** The media type of a safetensors body. */
	public static final String MEDIA_TYPE = "application/vnd.arrakis.safetensors";

	private static final JsonMapper json = JsonMapper.builder().build();

	private SafetensorsBody() {
	}

	/**
	 * @param tensors name to tensor, in the order they are written (names must be
	 * distinct)
	 * @param metadata free-form strings, written as {@code __metadata__}
	 * @param half write F16 (rounded to nearest even) instead of F32
	 */
	public static byte[] write(List<ActivationTensor> tensors, Map<String, String> metadata, boolean half) {
		int elementBytes = half ? 2 : 4;
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("__metadata__", metadata);
		long offset = 0;
		for (ActivationTensor tensor : tensors) {
			long end = offset + (long) tensor.data().length * elementBytes;
			header.put(tensor.name(), Map.of("dtype", half ? "F16" : "F32", "shape", tensor.shape(), "data_offsets",
					List.of(offset, end)));
			offset = end;
		}
		byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
		int padded = (headerBytes.length + 7) / 8 * 8;
		long total = 8L + padded + offset;
		if (total > Integer.MAX_VALUE - 8) {
			throw new IllegalStateException("a safetensors body of %d bytes does not fit one array".formatted(total));
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putLong(padded);
		buffer.put(headerBytes);
		for (int i = headerBytes.length; i < padded; i++) {
			buffer.put((byte) ' ');
		}
		for (ActivationTensor tensor : tensors) {
			for (float value : tensor.data()) {
				if (half) {
					buffer.putShort(Float16.fromFloat(value));
				}
				else {
					buffer.putFloat(value);
				}
			}
		}
		return buffer.array();
	}

}
