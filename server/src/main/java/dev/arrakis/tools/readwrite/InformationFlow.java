package dev.arrakis.tools.readwrite;

import java.util.List;

/**
 * How much information moves from one position to a later one, per layer and head.
 *
 * @param sourcePosition the position read from
 * @param destinationPosition the position written to (>= the source)
 * @param headLabels {@code L0H0, L0H1, ...}, layer-major
 * @param attention [n_layers][n_heads] A^{l,h}[destination, source], in [0, 1]
 * @param valueWeightedNorm [n_layers][n_heads] ||A^{l,h}[destination, source] v_source
 * W_O^h|| (Kobayashi et al. 2020), in residual-stream units
 * @param rollout [n_layers] R_l[destination, source] of attention rollout (Abnar &amp;
 * Zuidema 2020), in [0, 1]
 * @param rolloutRow [n_layers][destination + 1] the whole row R_l[destination, 0 ..
 * destination]; each row sums to 1
 * @param note the definitions and their limits
 */
public record InformationFlow(int sourcePosition, int destinationPosition, List<String> headLabels, float[][] attention,
		float[][] valueWeightedNorm, float[] rollout, float[][] rolloutRow, String note) {

	public InformationFlow {
		headLabels = List.copyOf(headLabels);
	}

}
