/**
 * Weight-based circuit analysis after Elhage et al. 2021, "A Mathematical Framework for
 * Transformer Circuits", in the row-vector convention: W_QK = W_Q W_K^T and W_OV = W_V
 * W_O, both [d_model, d_model]; Q-, K- and V-composition scores between heads, virtual
 * heads, and the spectra of one head's QK and OV circuits. Low-rank products stay
 * factored ({@link dev.arrakis.tools.composition.FactoredMatrix}).
 */
@NullMarked
package dev.arrakis.tools.composition;

import org.jspecify.annotations.NullMarked;
