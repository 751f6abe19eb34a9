package dev.arrakis.app.accounts;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * Tells the generated OpenAPI description (and so generated clients and Swagger UI's
 * "Authorize" button) that every operation takes an API key as a bearer token.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(security = @SecurityRequirement(name = ApiKeyOpenApi.SCHEME))
@SecurityScheme(name = ApiKeyOpenApi.SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An Arrakis API key: Authorization: Bearer ak_...")
class ApiKeyOpenApi {

	static final String SCHEME = "apiKey";

}
