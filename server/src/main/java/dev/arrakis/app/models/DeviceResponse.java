package dev.arrakis.app.models;

import java.util.List;

import dev.arrakis.engine.DeviceMemory;

/**
 * One device's memory and the resident models on it.
 *
 * @param device {@code cpu} or {@code cuda:N}
 * @param totalBytes the device's memory
 * @param freeBytes memory still available to new allocations
 * @param usedBytes total minus free, by every process
 * @param weightBytes bytes of the resident models' weights on this device
 * @param models names of the resident models on this device
 */
record DeviceResponse(String device, long totalBytes, long freeBytes, long usedBytes, long weightBytes,
		List<String> models) {

	static DeviceResponse of(DeviceMemory memory, List<LoadedModel> models) {
		return new DeviceResponse(memory.device(), memory.totalBytes(), memory.freeBytes(), memory.usedBytes(),
				models.stream().mapToLong(m -> m.model().weightBytes()).sum(),
				models.stream().map(LoadedModel::name).toList());
	}

}
