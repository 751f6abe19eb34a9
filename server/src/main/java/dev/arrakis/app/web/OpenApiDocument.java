package dev.arrakis.app.web;

import java.util.List;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of the published OpenAPI description that do not come from the controllers:
 * its title and version, and a server-relative base URL, so that the description is the
 * same whatever host and port the server runs on (and can be committed as the contract,
 * {@code openapi/arrakis.yaml}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

	static {
		// Results, manifests and definitions are free-form JSON: any JSON value, not the
		// properties of Jackson's tree classes.
		SpringDocUtils.getConfig()
			.replaceWithClass(JsonNode.class, Object.class)
			.replaceWithClass(ObjectNode.class, Object.class)
			.replaceWithClass(ArrayNode.class, Object.class);
	}

	@Bean
	OpenApiCustomizer arrakisDocument() {
		return (openApi) -> openApi
			.info(new Info().title("Arrakis")
				.version("v1")
				.description("A mechanistic-interpretability server: resident transformer models, their activations "
						+ "at TransformerLens-named hook points, interpretability tools and an experiment bench."))
			.servers(List.of(new Server().url("/").description("this server")));
	}

}
