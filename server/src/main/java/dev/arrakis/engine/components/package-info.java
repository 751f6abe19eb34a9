/**
 * Transformer components, one per TransformerLens component: embeddings, norms,
 * attention, MLPs, blocks and the unembedding. They read only HookedAutoConfig values,
 * never a family name.
 */
@NullMarked
package dev.arrakis.engine.components;

import org.jspecify.annotations.NullMarked;
