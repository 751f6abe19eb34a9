package dev.arrakis.tools.causal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An activation-patching sweep: clean activations patched into the corrupted run one
 * index at a time (denoising). Every target is laid out on the same three axes,
 * [layer][head][position]: targets without heads (resid_pre, attn_out, mlp_out) have one
 * entry on the head axis, labelled with the component, and {@link PatchTarget#HEAD_Z},
 * which patches every position at once, has one on the position axis, labelled
 * {@code all}.
 *
 * @param target what was patched
 * @param metric what the values measure ({@code Metric.describe()}), evaluated with the
 * clean sequence's tokens as targets in every run
 * @param layers layer axis labels: {@code L0, L1, ...}
 * @param heads head axis labels: {@code H0, H1, ...} (head h of layer l is
 * {@code Labels.head(l, h)}, e.g. {@code L1H3}), or the one component label
 * @param positions position axis labels: {@code 0, 1, ...}, or {@code all}
 * @param clean the metric on the clean run
 * @param corrupted the metric on the corrupted run
 * @param patched the metric of each patched run, [n_layers][n_heads or 1][pos or 1]
 * @param normalised (patched - corrupted) / (clean - corrupted): 0 = no effect, 1 = the
 * clean metric fully restored; null when clean and corrupted metrics coincide (see
 * {@code note})
 * @param note why {@code normalised} is null, or null
 */
public record PatchingResult(PatchTarget target, String metric, List<String> layers, List<String> heads,
		List<String> positions, double clean, double corrupted, float[][][] patched, float @Nullable [][][] normalised,
		@Nullable String note) {

	public PatchingResult {
		layers = List.copyOf(layers);
		heads = List.copyOf(heads);
		positions = List.copyOf(positions);
	}

}
