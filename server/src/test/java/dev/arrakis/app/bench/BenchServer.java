package dev.arrakis.app.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.arrakis.app.ArrakisApplication;
import dev.arrakis.app.models.ItAdminKey;

/**
 * Starts a whole server for a bench integration test on its own embedded PostgreSQL data
 * directory and the integration tests' bootstrap admin key ({@link ItAdminKey}), with
 * settings that outrank application.yaml (command-line arguments do not reach values
 * application.yaml sets, so they go in as the first property source).
 */
final class BenchServer {

	private BenchServer() {
	}

	static ConfigurableApplicationContext start(Path data, Path models, Map<String, String> settings) {
		Map<String, Object> properties = new HashMap<>(
				Map.of("server.port", "0", "spring.datasource.url", "", "arrakis.db.data-dir", data.toString(),
						"arrakis.models.dir", models.toString(), ItAdminKey.PROPERTY, ItAdminKey.KEY));
		properties.putAll(settings);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("bench-it", properties));
		return new SpringApplicationBuilder(ArrakisApplication.class).environment(environment).run();
	}

}
