package dev.arrakis.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.weights.SafetensorsFile;

/**
 * Reference activations written by Hugging Face transformers (see each folder's meta.json
 * for versions).
 */
final class ReferenceData {

	private final SafetensorsFile file;

	private final NDManager manager;

	private ReferenceData(SafetensorsFile file, NDManager manager) {
		this.file = file;
		this.manager = manager;
	}

	static ReferenceData open(Path referenceSafetensors, NDManager manager) throws IOException {
		return new ReferenceData(SafetensorsFile.open(referenceSafetensors), manager);
	}

	NDArray get(String key) throws IOException {
		return this.file.load(key, this.manager);
	}

	boolean has(String key) {
		return this.file.entries().containsKey(key);
	}

	long[][] longs(String key) throws IOException {
		NDArray array = get(key);
		long[] flat = array.toLongArray();
		int rows = (int) array.getShape().get(0);
		int columns = (int) array.getShape().get(1);
		long[][] result = new long[rows][columns];
		for (int r = 0; r < rows; r++) {
			System.arraycopy(flat, r * columns, result[r], 0, columns);
		}
		return result;
	}

	/** A folder of test resources, e.g. {@code hf-reference/gpt2}. */
	static Path resource(String folder) {
		try {
			return Paths.get(ReferenceData.class.getClassLoader().getResource(folder).toURI());
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new IllegalStateException("test resource folder missing: " + folder, ex);
		}
	}

	/**
	 * The repository's bundled models folder (the server module runs with the module as
	 * working directory).
	 */
	static Path bundledModel(String name) {
		return Paths.get("..", "models", name).toAbsolutePath().normalize();
	}

}
