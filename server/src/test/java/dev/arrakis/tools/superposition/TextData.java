package dev.arrakis.tools.superposition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte-level datasets from printable text: token id = byte value. */
final class TextData {

	private TextData() {
	}

	static List<long[]> lines(String... lines) {
		List<long[]> dataset = new ArrayList<>();
		for (String line : lines) {
			dataset.add(tokens(line));
		}
		return dataset;
	}

	static long[] tokens(String text) {
		byte[] raw = text.getBytes(StandardCharsets.US_ASCII);
		long[] tokens = new long[raw.length];
		for (int i = 0; i < raw.length; i++) {
			tokens[i] = raw[i];
		}
		return tokens;
	}

}
