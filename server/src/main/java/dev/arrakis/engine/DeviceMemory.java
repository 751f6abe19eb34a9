package dev.arrakis.engine;

import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

/**
 * Memory of one device, as the operating system or the CUDA driver reports it now.
 *
 * @param device {@code cpu} or {@code cuda:N}
 * @param totalBytes installed memory (CPU: MemTotal; GPU: the card's memory)
 * @param freeBytes memory a new allocation can still get (CPU: MemAvailable; GPU:
 * cudaMemGetInfo's free)
 */
public record DeviceMemory(String device, long totalBytes, long freeBytes) {

	private static final Path MEMINFO = Path.of("/proc/meminfo");

	public long usedBytes() {
		return this.totalBytes - this.freeBytes;
	}

	/**
	 * For {@code cpu} or {@code cuda:N}, as {@code HookedAutoModel.device()} names them.
	 */
	public static DeviceMemory of(String device) {
		return of(device.startsWith("cuda:") ? Device.gpu(Integer.parseInt(device.substring(5))) : Device.cpu());
	}

	public static DeviceMemory of(Device device) {
		if (device.isGpu()) {
			MemoryUsage usage = CudaUtils.getGpuMemory(device);
			return new DeviceMemory("cuda:" + device.getDeviceId(), usage.getMax(), usage.getMax() - usage.getUsed());
		}
		return cpu();
	}

	/**
	 * From /proc/meminfo; on a system without it, the JVM's own limit stands in for both
	 * numbers.
	 */
	static DeviceMemory cpu() {
		try {
			List<String> lines = Files.readAllLines(MEMINFO);
			return new DeviceMemory("cpu", kilobytes(lines, "MemTotal:") * 1024,
					kilobytes(lines, "MemAvailable:") * 1024);
		}
		catch (IOException | RuntimeException ex) {
			long max = Runtime.getRuntime().maxMemory();
			return new DeviceMemory("cpu", max, max);
		}
	}

	private static long kilobytes(List<String> lines, String key) {
		return lines.stream()
			.filter(line -> line.startsWith(key))
			.map(line -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + key + " in " + MEMINFO));
	}

}
