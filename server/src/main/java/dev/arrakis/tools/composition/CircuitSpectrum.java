package dev.arrakis.tools.composition;

import org.jspecify.annotations.Nullable;

/**
 * The spectrum of one head's QK or OV circuit, a [d_model, d_model] matrix of rank at
 * most d_head.
 *
 * @param label the head, e.g. {@code L1H3}
 * @param kind QK (W_Q W_K^T) or OV (W_V W_O)
 * @param frobeniusNorm ||W||_F
 * @param singularValues the d_head largest singular values, descending
 * @param eigenvaluesReal real parts of the d_head eigenvalues that can be non-zero,
 * largest modulus first
 * @param eigenvaluesImaginary their imaginary parts
 * @param copyingScore OV only (null for QK): sum(Re lambda) / sum(|lambda|), in [-1, 1];
 * near 1 when the head copies the directions it reads
 */
public record CircuitSpectrum(String label, CircuitKind kind, double frobeniusNorm, double[] singularValues,
		double[] eigenvaluesReal, double[] eigenvaluesImaginary, @Nullable Double copyingScore) {
}
