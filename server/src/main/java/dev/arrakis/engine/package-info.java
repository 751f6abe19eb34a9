/**
 * The model engine: a re-implementation of decoder-only transformers on DJL with
 * TransformerLens hook points. No Spring here; the server wraps it.
 *
 * <h2>Glossary (TransformerLens vocabulary, camelCase in code)</h2>
 * <ul>
 * <li>{@code batch}: rows of a call; {@code pos}: token positions
 * ({@code query_pos}/{@code key_pos} in attention).</li>
 * <li>{@code dModel}: width of the residual stream (HF {@code hidden_size},
 * {@code n_embd}).</li>
 * <li>{@code nHeads}: query heads; {@code nKeyValueHeads}: key/value heads (grouped-query
 * attention); {@code dHead}: width of one head.</li>
 * <li>{@code dMlp}: MLP hidden width, the number of neurons (HF
 * {@code intermediate_size}, {@code n_inner}). The word "hidden" is never used for a
 * dimension: HF's hidden_size is d_model while other code bases use it for d_mlp.</li>
 * <li>{@code dVocab}: vocabulary size; {@code nCtx}: longest context; {@code nLayers}:
 * decoder blocks.</li>
 * <li>Weights (TransformerLens layout, see {@code weights.CanonicalWeights}): {@code W_E}
 * [d_vocab, d_model], {@code W_pos} [n_ctx, d_model], {@code W_Q}/{@code W_K}/{@code W_V}
 * [heads, d_model, d_head], {@code W_O} [heads, d_head, d_model],
 * {@code W_in}/{@code W_gate} [d_model, d_mlp], {@code W_out} [d_mlp, d_model],
 * {@code W_U} [d_model, d_vocab]; biases {@code b_*}. Activations multiply on the right:
 * {@code y = x W + b}.</li>
 * </ul>
 *
 * <h2>Lifetimes</h2> A {@link dev.arrakis.engine.HookedAutoModel} is immutable and
 * shared; its weights live in one capped NDManager. Everything a call allocates lives in
 * that call's {@link dev.arrakis.engine.ForwardContext} and is freed when it closes.
 */
@NullMarked
package dev.arrakis.engine;

import org.jspecify.annotations.NullMarked;
