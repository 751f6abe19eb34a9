/**
 * Checkpoint access (memory-mapped safetensors, single or sharded) and canonical weights
 * by TransformerLens name.
 */
@NullMarked
package dev.arrakis.engine.weights;

import org.jspecify.annotations.NullMarked;
