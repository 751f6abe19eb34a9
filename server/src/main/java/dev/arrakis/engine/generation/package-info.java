/**
 * Autoregressive decoding: the per-call KV cache, sampling options and the sampler.
 */
@NullMarked
package dev.arrakis.engine.generation;

import org.jspecify.annotations.NullMarked;
