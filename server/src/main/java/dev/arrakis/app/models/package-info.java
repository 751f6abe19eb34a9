/**
 * The resident models: at startup {@link dev.arrakis.app.models.ModelRegistry} loads
 * every model folder under {@code arrakis.models.dir} (one with a {@code config.json})
 * and keeps it in memory until shutdown, records each load in the {@code model_load}
 * table, and reports the folders that failed to load without letting them stop the
 * others. {@code /api/v1/models} lists the loaded models, one model, and a model's hook
 * catalogue.
 */
@NullMarked
package dev.arrakis.app.models;

import org.jspecify.annotations.NullMarked;
