package dev.arrakis.engine;

/**
 * A checkpoint or config could not be turned into a model; the message names the file,
 * key or tensor at fault.
 */
public class ModelLoadException extends RuntimeException {

	public ModelLoadException(String message) {
		super(message);
	}

	public ModelLoadException(String message, Throwable cause) {
		super(message, cause);
	}

}
