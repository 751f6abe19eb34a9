package dev.arrakis.app.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A safetensors file read independently of the server's writer: the 8-byte little-endian
 * header length, the JSON header, then each tensor's bytes at its data offsets.
 */
record Safetensors(JsonNode header, byte[] data) {

	static Safetensors parse(byte[] file) {
		ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		long headerLength = buffer.getLong();
		String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
		return new Safetensors(RunClient.json.readTree(header.strip()),
				Arrays.copyOfRange(file, 8 + (int) headerLength, file.length));
	}

	/** Tensor names in the order of their data. */
	List<String> names() {
		List<String> names = new ArrayList<>();
		this.header.propertyNames().forEach((name) -> {
			if (!name.equals("__metadata__")) {
				names.add(name);
			}
		});
		names.sort((a, b) -> Long.compare(this.header.get(a).get("data_offsets").get(0).asLong(),
				this.header.get(b).get("data_offsets").get(0).asLong()));
		return names;
	}

	String dtype(String name) {
		return this.header.get(name).get("dtype").asString();
	}

	long[] shape(String name) {
		JsonNode shape = this.header.get(name).get("shape");
		long[] dims = new long[shape.size()];
		for (int i = 0; i < dims.length; i++) {
			dims[i] = shape.get(i).asLong();
		}
		return dims;
	}

	byte[] raw(String name) {
		JsonNode offsets = this.header.get(name).get("data_offsets");
		return Arrays.copyOfRange(this.data, (int) offsets.get(0).asLong(), (int) offsets.get(1).asLong());
	}

	float[] floats(String name) {
		ByteBuffer bytes = ByteBuffer.wrap(raw(name)).order(ByteOrder.LITTLE_ENDIAN);
		float[] values = new float[bytes.remaining() / 4];
		bytes.asFloatBuffer().get(values);
		return values;
	}

}
