package dev.arrakis.app.web;

import java.util.List;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the published OpenAPI description that do not come from the controllers:
 * its title and version, and a server-relative base URL, so that the description is the
 * same whatever host and port the server runs on (and can be committed as the contract,
 * {@code openapi/arrakis.yaml}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

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
