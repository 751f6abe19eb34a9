/**
 * Feature visualisation by max-activating dataset examples: over a corpus, the positions
 * where an MLP neuron (or any per-position activation dimension) is largest, with the
 * tokens around them.
 */
@NullMarked
package dev.arrakis.tools.features;

import org.jspecify.annotations.NullMarked;
