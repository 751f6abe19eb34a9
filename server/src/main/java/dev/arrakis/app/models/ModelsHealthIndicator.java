package dev.arrakis.app.models;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code models} component of {@code /actuator/health}: the resident models and the
 * folders that failed to load, with their reasons. It stays UP when a folder fails,
 * because the other models are served; the failure is visible here, in the log, and as a
 * {@code model-unavailable} problem when the model is requested.
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

	private final ModelRegistry registry;

	ModelsHealthIndicator(ModelRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		List<String> loaded = this.registry.loaded().stream().map(LoadedModel::name).toList();
		return Health.up().withDetail("loaded", loaded).withDetail("failed", this.registry.failures()).build();
	}

}
