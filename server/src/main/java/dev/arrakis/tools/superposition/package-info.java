/**
 * Superposition tools: sparse autoencoders (the standard way to recover more features
 * than dimensions), principal components of a hook's activations (labelled as PCA: at
 * most d orthogonal directions), and interpolation between two inputs' activations.
 */
@NullMarked
package dev.arrakis.tools.superposition;

import org.jspecify.annotations.NullMarked;
