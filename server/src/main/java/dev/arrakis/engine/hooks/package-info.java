/**
 * Hook points, their names (TransformerLens names and the original Arrakis aliases),
 * filters, per-call hooks and the activation cache.
 */
@NullMarked
package dev.arrakis.engine.hooks;

import org.jspecify.annotations.NullMarked;
