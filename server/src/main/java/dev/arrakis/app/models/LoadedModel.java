package dev.arrakis.app.models;

import java.time.Instant;

import dev.arrakis.engine.HookedAutoModel;

/**
 * A resident model and the facts of its load.
 *
 * <p>
 * Its facts (name, config, dtype, device, parameter and weight counts, hook catalogue)
 * are plain Java values, readable at any time, also while or after the model is unloaded.
 * Anything that runs the model or touches its tensors needs a {@link ModelLease} from
 * {@link ModelRegistry#acquire}, which keeps the weights from being freed underneath.
 *
 * @param model the engine's model, shared by all requests and closed by
 * {@link ModelRegistry} once it is unloaded (or at shutdown) and no lease holds it
 * @param loadId the key of its {@code model_load} row
 * @param loadMillis wall-clock time {@code HookedAutoModel.load} took
 * @param loadedAt when the load finished (also stored in {@code model_load.loaded_at})
 */
record LoadedModel(HookedAutoModel model, long loadId, long loadMillis, Instant loadedAt) {

	String name() {
		return this.model.name();
	}

}
