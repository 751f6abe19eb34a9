/**
 * Sparsity tools: how often MLP neurons fire (per-neuron firing frequency, dead neurons)
 * and magnitude pruning of the MLP weights through a mask applied in a derived copy of
 * the model, never in the model itself.
 */
@NullMarked
package dev.arrakis.tools.sparsity;

import org.jspecify.annotations.NullMarked;
