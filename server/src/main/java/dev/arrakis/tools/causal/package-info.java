/**
 * Causal interventions through hooks: activation patching (denoising: clean activations
 * patched into a corrupted run, one index at a time) and causal tracing (ROME: restoring
 * clean hidden states into a run whose subject embeddings were noised), attribution
 * patching (its first-order estimate from one backward pass), neuron and head
 * interventions, and input attribution (gradient x input, integrated gradients). Patched
 * runs are batched: one forward pass carries many of them, one per batch row.
 */
@NullMarked
package dev.arrakis.tools.causal;

import org.jspecify.annotations.NullMarked;
