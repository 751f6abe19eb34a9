package dev.arrakis.engine;

/**
 * A load refused before it starts, because the device lacks the memory the weights need;
 * carries the numbers.
 */
public class ModelDoesNotFitException extends ModelLoadException {

	private final long neededBytes;

	private final DeviceMemory memory;

	public ModelDoesNotFitException(String model, DType dtype, long weightBytes, long neededBytes,
			DeviceMemory memory) {
		super("%s needs %s of %s weights (%s while loading) on %s, which has %s free of %s".formatted(model,
				gigabytes(weightBytes), dtype.label(), gigabytes(neededBytes), memory.device(),
				gigabytes(memory.freeBytes()), gigabytes(memory.totalBytes())));
		this.neededBytes = neededBytes;
		this.memory = memory;
	}

	public long neededBytes() {
		return this.neededBytes;
	}

	public DeviceMemory memory() {
		return this.memory;
	}

	static String gigabytes(long bytes) {
		return "%.2f GB".formatted(bytes / 1e9);
	}

}
