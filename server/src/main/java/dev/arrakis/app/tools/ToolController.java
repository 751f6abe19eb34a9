package dev.arrakis.app.tools;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.arrakis.app.models.ModelRegistry;

/**
 * The tool catalogue and tool calls: {@code POST} a method's parameters (as the catalogue
 * describes them, in their JSON forms) to run it on a resident model and get its result
 * record as JSON.
 */
@RestController
@RequestMapping("/api/v1")
class ToolController {

	private final ToolCatalogue catalogue;

	private final ModelRegistry models;

	ToolController(ToolCatalogue catalogue, ModelRegistry models) {
		this.catalogue = catalogue;
		this.models = models;
	}

	@Operation(operationId = "listTools",
			summary = "Every interpretability tool with its methods, parameters and results",
			description = "503 no-model-loaded while no model is resident (the descriptions are built from one)")
	@GetMapping("/tools")
	List<ToolResponse> tools() {
		return this.catalogue.tools();
	}

	@Operation(operationId = "getTool", summary = "One interpretability tool with its methods",
			description = "404 unknown-tool")
	@GetMapping("/tools/{key}")
	ToolResponse tool(@PathVariable String key) {
		return this.catalogue.tool(key);
	}

	@Operation(operationId = "invokeTool",
			summary = "Calls a tool method on a resident model; the body holds its parameters by name",
			description = "The method's result record as JSON. 400 invalid-tool-call names the unknown tool, method "
					+ "or parameter, or the value that does not fit (parameter); 404 unknown-model")
	@PostMapping("/models/{name}/tools/{key}/{method}")
	Object invoke(@PathVariable String name, @PathVariable String key, @PathVariable String method,
			@RequestBody(required = false) @Nullable Map<String, Object> params) {
		Map<String, Object> arguments = Objects.requireNonNullElse(params, Map.of());
		return this.models.withModel(name, (model) -> {
			try {
				return this.catalogue.registry().tool(key, model).invoke(method, arguments);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidToolCallException(key, method, ex);
			}
		});
	}

}
