/**
 * The resident models: at startup {@link dev.arrakis.app.models.ModelRegistry} loads
 * every model folder under {@code arrakis.models.dir} (one with a {@code config.json})
 * and keeps it in memory until it is unloaded or the server stops, records each load in
 * the {@code model_load} table and each unload in {@code model_unload}, and reports the
 * folders that failed to load without letting them stop the others.
 * {@code /api/v1/models} lists the loaded models, one model, and a model's hook
 * catalogue, loads a model folder ({@code POST /api/v1/models/{name}}) and unloads a
 * model ({@code DELETE}). Code that uses a model's weights holds a
 * {@link dev.arrakis.app.models.ModelLease}, so that an unload never frees them under a
 * running request.
 */
@NullMarked
package dev.arrakis.app.models;

import org.jspecify.annotations.NullMarked;
