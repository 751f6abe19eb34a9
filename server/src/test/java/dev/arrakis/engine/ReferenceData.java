package dev.arrakis.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.arrakis.engine.weights.SafetensorsFile;

/**
 * Reference activations written by Hugging Face transformers (see each folder's meta.json
 * for versions).
 */
public final class ReferenceData implements AutoCloseable {

	private final SafetensorsFile file;

	private final NDManager manager;

	private final boolean ownsManager;

	private ReferenceData(SafetensorsFile file, NDManager manager, boolean ownsManager) {
		this.file = file;
		this.manager = manager;
		this.ownsManager = ownsManager;
	}

	/** Arrays read are created in {@code manager}, which the caller closes. */
	static ReferenceData open(Path referenceSafetensors, NDManager manager) throws IOException {
		return new ReferenceData(SafetensorsFile.open(referenceSafetensors), manager, false);
	}

	/**
	 * Arrays read live on the CPU in a manager of this reader's own, freed by
	 * {@link #close()}.
	 */
	public static ReferenceData open(Path referenceSafetensors) throws IOException {
		return new ReferenceData(SafetensorsFile.open(referenceSafetensors), NDManager.newBaseManager(Device.cpu()),
				true);
	}

	/**
	 * Frees the arrays read (when this reader owns their manager), then unmaps the file
	 * they may point into.
	 */
	@Override
	public void close() {
		if (this.ownsManager) {
			this.manager.close();
			this.file.releaseMappings();
		}
	}

	public NDArray get(String key) throws IOException {
		return this.file.load(key, this.manager);
	}

	public boolean has(String key) {
		return this.file.entries().containsKey(key);
	}

	public long[][] longs(String key) throws IOException {
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
