package dev.arrakis.app.models;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident models: the list, one model, and a model's hook catalogue; loading a model
 * folder ({@code POST}) and unloading a model ({@code DELETE}) on the model's own path.
 * Unknown names are 404 problems.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelController {

	private final ModelRegistry registry;

	ModelController(ModelRegistry registry) {
		this.registry = registry;
	}

	@Operation(operationId = "listModels", summary = "The resident models")
	@GetMapping
	List<ModelResponse> list() {
		return this.registry.loaded().stream().map(ModelResponse::of).toList();
	}

	@Operation(operationId = "getModel", summary = "One resident model", description = "404 unknown-model")
	@GetMapping("/{name}")
	ModelResponse get(@PathVariable String name) {
		try (ModelLease lease = this.registry.acquire(name)) {
			return ModelResponse.of(lease.loaded());
		}
	}

	@Operation(operationId = "listHooks", summary = "A resident model's hook points: name, shape and meaning",
			description = "404 unknown-model")
	@GetMapping("/{name}/hooks")
	List<HookResponse> hooks(@PathVariable String name) {
		try (ModelLease lease = this.registry.acquire(name)) {
			return lease.model().hookCatalogue().stream().map(HookResponse::of).toList();
		}
	}

	/**
	 * Loads the model folder {@code name} of the model directory: {@code 201} with the
	 * model and its {@code Location}; {@code 409} if it is resident, {@code 404} if there
	 * is no such folder, {@code 400} if the name is not a plain folder name, {@code 507}
	 * if the device lacks the memory, {@code 422} if the folder cannot be loaded.
	 */
	@Operation(operationId = "loadModel", summary = "Load the model folder of this name from the model directory",
			description = "201 with the model; 409 if resident, 404 if no such folder, 400 if not a plain folder "
					+ "name, 507 if the device lacks the memory, 422 if the folder cannot be loaded")
	@PostMapping("/{name}")
	ResponseEntity<ModelResponse> load(@PathVariable String name) {
		LoadedModel loaded = this.registry.load(name);
		return ResponseEntity.created(URI.create("/api/v1/models/" + loaded.name())).body(ModelResponse.of(loaded));
	}

	/**
	 * Loads a model by Hugging Face repository id from the Hugging Face cache
	 * ({@code models--org--name/snapshots/<commit>}), downloading it from the hub first
	 * when asked: {@code 201} with the model; {@code 404} if the cache or hub has no such
	 * snapshot, {@code 502} if the hub is disabled or unreachable, and the errors of a
	 * folder load.
	 */
	@Operation(operationId = "loadModelFromHuggingFace",
			summary = "Load a model by Hugging Face repository id from the Hugging Face cache, downloading it first if asked",
			description = "201 with the model; 404 if the cache or hub has no such snapshot, 502 if the hub is "
					+ "disabled or unreachable, and the errors of a folder load")
	@PostMapping
	ResponseEntity<ModelResponse> loadFromHuggingFace(@Valid @RequestBody HuggingFaceLoadRequest request) {
		LoadedModel loaded = this.registry.loadFromHuggingFace(request.toRepo(), request.name(),
				request.downloadFirst());
		return ResponseEntity.created(URI.create("/api/v1/models/" + loaded.name())).body(ModelResponse.of(loaded));
	}

	/**
	 * Unloads a resident model: {@code 204} once its weights are freed; {@code 202} if
	 * requests still using it outlast {@code arrakis.models.unload-wait} (it is no longer
	 * served, and its weights are freed when they end).
	 */
	@Operation(operationId = "unloadModel", summary = "Unload a resident model",
			description = "204 once its weights are freed; 202 if requests still using it outlast the unload wait")
	@DeleteMapping("/{name}")
	ResponseEntity<Void> unload(@PathVariable String name) {
		return this.registry.unload(name) ? ResponseEntity.noContent().build() : ResponseEntity.accepted().build();
	}

}
