package dev.arrakis.app.tools;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.tools.ToolRegistry;

/**
 * The standard tools and their methods, described as data. The descriptions do not depend
 * on the model, but a tool is only built bound to one, so the catalogue is built once
 * from the first resident model and kept.
 */
@Service
class ToolCatalogue {

	private final ToolRegistry registry = ToolRegistry.standard();

	private final ModelRegistry models;

	private final AtomicReference<@Nullable Map<String, ToolResponse>> described = new AtomicReference<>();

	ToolCatalogue(ModelRegistry models) {
		this.models = models;
	}

	/** Every tool, by key in alphabetical order. */
	List<ToolResponse> tools() {
		return List.copyOf(described().values());
	}

	/**
	 * The tool under {@code key}.
	 * @throws UnknownToolException when there is none
	 */
	ToolResponse tool(String key) {
		ToolResponse tool = described().get(key);
		if (tool == null) {
			throw new UnknownToolException(key, this.registry.keys());
		}
		return tool;
	}

	ToolRegistry registry() {
		return this.registry;
	}

	private Map<String, ToolResponse> described() {
		Map<String, ToolResponse> tools = this.described.get();
		if (tools == null) {
			tools = describe();
			this.described.compareAndSet(null, tools);
		}
		return tools;
	}

	private Map<String, ToolResponse> describe() {
		for (String name : this.models.residentNames()) {
			try {
				return this.models.withModel(name,
						(model) -> this.registry.keys()
							.stream()
							.map((key) -> ToolResponse.of(this.registry.tool(key, model)))
							.collect(Collectors.toMap(ToolResponse::key, Function.identity(), (a, b) -> a,
									java.util.LinkedHashMap::new)));
			}
			catch (ApiProblemException ex) {
				// Unloaded meanwhile (unknown-model): try the next one.
			}
		}
		throw new NoModelLoadedException();
	}

}
