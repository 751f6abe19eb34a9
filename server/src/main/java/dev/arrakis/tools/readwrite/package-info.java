/**
 * Read/write analysis in the sense of Elhage et al. 2021, "A Mathematical Framework for
 * Transformer Circuits": a head reads the residual stream through the row spaces of W_Q,
 * W_K and W_V (after its ln1) and writes through W_O; an MLP neuron n reads through
 * W_in[:, n] (and W_gate for gated MLPs, after ln2) and writes W_out[n, :]. Weight-based
 * scores say how much of a component's read or write space lies along a residual-stream
 * {@link dev.arrakis.tools.readwrite.Direction}; activation-based ones say what each
 * component wrote along it on one input, and how information flows between positions.
 */
@NullMarked
package dev.arrakis.tools.readwrite;

import org.jspecify.annotations.NullMarked;
