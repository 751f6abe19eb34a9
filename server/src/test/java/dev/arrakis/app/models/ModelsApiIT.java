package dev.arrakis.app.models;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ModelsApiContract} on the embedded PostgreSQL the server starts when no
 * datasource is configured, with a fresh data directory under {@code target/it/}. The
 * empty {@code spring.datasource.url} keeps a developer's {@code ARRAKIS_DB_URL} from
 * pointing the test at a real server.
 */
class ModelsApiIT extends ModelsApiContract {

	@DynamicPropertySource
	static void embeddedDatabaseAndBundledModels(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("models-api-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
	}

}
