package dev.arrakis.app.models;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ModelsApiContract} against PostgreSQL 17 in a container, the way a deployment
 * points the server at a real database ({@code spring.datasource.*}, which
 * {@code ARRAKIS_DB_*} map to). Runs wherever a Docker engine is reachable and is
 * reported as skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ModelsApiTestcontainersIT extends ModelsApiContract {

	@Container
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

	@DynamicPropertySource
	static void containerDatabaseAndBundledModels(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", postgres::getJdbcUrl);
		registry.add("spring.datasource.username", postgres::getUsername);
		registry.add("spring.datasource.password", postgres::getPassword);
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
	}

}
