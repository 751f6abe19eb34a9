/**
 * An exploratory heuristic after the original Arrakis {@code kg_extractor}, rebuilt on
 * the standard per-head QK circuit (Elhage et al. 2021, row-vector convention): W_QK^h =
 * W_Q^h W_K^h^T [d_model, d_model], its singular directions (query side U: what the head
 * looks for; key side V: what gets attended to), the token-level circuit W_E W_QK^h W_E^T
 * and the tokens whose embeddings load on each direction. There is no standard
 * "knowledge-graph extraction from QK"; these are descriptive readings of the weights.
 */
@NullMarked
package dev.arrakis.tools.kg;

import org.jspecify.annotations.NullMarked;
