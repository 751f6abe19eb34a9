package dev.arrakis.app.models;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident models: the list, one model, and a model's hook catalogue. Unknown names
 * are 404 problems.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelController {

	private final ModelRegistry registry;

	ModelController(ModelRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	List<ModelResponse> list() {
		return this.registry.loaded().stream().map(ModelResponse::of).toList();
	}

	@GetMapping("/{name}")
	ModelResponse get(@PathVariable String name) {
		return ModelResponse.of(this.registry.get(name));
	}

	@GetMapping("/{name}/hooks")
	List<HookResponse> hooks(@PathVariable String name) {
		return this.registry.get(name).model().hookCatalogue().stream().map(HookResponse::of).toList();
	}

}
