/**
 * Typed configuration values (norms, positions, activations, MLP and residual kinds,
 * attention windows) and the reader of Hugging Face config.json files.
 */
@NullMarked
package dev.arrakis.engine.config;

import org.jspecify.annotations.NullMarked;
