package dev.arrakis.app.models;

import java.time.Instant;

import dev.arrakis.engine.HookedAutoModel;

/**
 * A resident model and the facts of its load.
 *
 * @param model the engine's model, shared by all requests and closed by
 * {@link ModelRegistry} at shutdown
 * @param loadMillis wall-clock time {@code HookedAutoModel.load} took
 * @param loadedAt when the load finished (also stored in {@code model_load.loaded_at})
 */
record LoadedModel(HookedAutoModel model, long loadMillis, Instant loadedAt) {

	String name() {
		return this.model.name();
	}

}
