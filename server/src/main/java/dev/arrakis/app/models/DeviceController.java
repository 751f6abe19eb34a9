package dev.arrakis.app.models;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.arrakis.engine.DeviceMemory;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Memory per device: the CPU always, and every GPU that holds a resident model. */
@RestController
class DeviceController {

	private final ModelRegistry registry;

	DeviceController(ModelRegistry registry) {
		this.registry = registry;
	}

	@Operation(operationId = "listDevices",
			summary = "Memory per device: the CPU, and every GPU that holds a resident model")
	@GetMapping("/api/v1/devices")
	List<DeviceResponse> devices() {
		Map<String, List<LoadedModel>> byDevice = new TreeMap<>();
		byDevice.put("cpu", List.of());
		for (LoadedModel loaded : this.registry.loaded()) {
			byDevice.merge(loaded.model().device(), List.of(loaded),
					(a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
		}
		return byDevice.entrySet()
			.stream()
			.map(e -> DeviceResponse.of(DeviceMemory.of(e.getKey()), e.getValue()))
			.toList();
	}

}
