package dev.arrakis.bench.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;

/**
 * A closed-form count of a forward pass's matrix-multiply FLOPs over one sequence of
 * {@code positions} tokens, from the configuration alone (n = positions, d = d_model, H =
 * n_heads, H_kv = n_key_value_heads, d_h = d_head). Per block: W_Q 2nd(H d_h), W_K and
 * W_V 2nd(H_kv d_h) each, W_O 2n(H d_h)d, scores 2Hn^2 d_h, pattern-weighted values 2Hn^2
 * d_h, MLP 2nd d_mlp per matrix (3 matrices when gated, else 2); then the unembedding 2nd
 * d_vocab. Each product is counted at the hook its result first appears at (e.g. W_O at
 * hook_attn_out), so components match the profiler's timing.
 *
 * @param positions the sequence length n
 * @param granularity how the components are grouped
 * @param countingRule what is and is not counted
 * @param components one entry per component of {@code granularity}, in firing order
 * @param totalFlops the sum over components
 */
public record FlopEstimate(int positions, Granularity granularity, String countingRule, List<ComponentFlops> components,
		long totalFlops) {

	static final String COUNTING_RULE = "matrix multiplications only, 2 FLOPs per multiply-add; attention scores "
			+ "and pattern-weighted values over the full pos x pos square, as the engine computes them before masking "
			+ "(no causal halving, no sliding-window saving); biases, norms, activations, softmax, rotary "
			+ "embeddings and residual additions are not counted";

	public FlopEstimate {
		components = List.copyOf(components);
	}

	/**
	 * @throws IllegalArgumentException when {@code positions} is not positive
	 */
	public static FlopEstimate of(HookedAutoConfig config, int positions, Granularity granularity) {
		if (positions < 1) {
			throw new IllegalArgumentException(
					"positions = %d is out of range: valid values are 1..".formatted(positions));
		}
		Tally tally = new Tally(granularity, config);
		long n = positions;
		long d = config.dModel();
		long queryWidth = (long) config.nHeads() * config.dHead();
		long keyValueWidth = (long) config.nKeyValueHeads() * config.dHead();
		long mixing = 2L * config.nHeads() * n * n * config.dHead();
		long mlpMatrix = 2 * n * d * config.dMlp();
		for (int layer = 0; layer < config.nLayers(); layer++) {
			tally.linear(HookName.of(HookPoint.ATTN_Q, layer), 2 * n * d * queryWidth);
			tally.linear(HookName.of(HookPoint.ATTN_K, layer), 2 * n * d * keyValueWidth);
			tally.linear(HookName.of(HookPoint.ATTN_V, layer), 2 * n * d * keyValueWidth);
			tally.quadratic(HookName.of(HookPoint.ATTN_SCORES, layer), mixing);
			tally.quadratic(HookName.of(HookPoint.Z, layer), mixing);
			tally.linear(HookName.of(HookPoint.ATTN_OUT, layer), 2 * n * queryWidth * d);
			tally.linear(HookName.of(HookPoint.MLP_PRE, layer), mlpMatrix);
			if (config.mlp() == MlpKind.GATED) {
				tally.linear(HookName.of(HookPoint.MLP_PRE_LINEAR, layer), mlpMatrix);
			}
			tally.linear(HookName.of(HookPoint.MLP_OUT, layer), mlpMatrix);
		}
		tally.linear(HookName.of(HookPoint.LOGITS), 2 * n * d * config.dVocab());
		List<ComponentFlops> components = tally.components();
		long total = components.stream().mapToLong(ComponentFlops::flops).sum();
		return new FlopEstimate(positions, granularity, COUNTING_RULE, components, total);
	}

	/** FLOPs per component, linear and quadratic apart. */
	private static final class Tally {

		private final Granularity granularity;

		private final Map<String, long[]> byComponent = new LinkedHashMap<>();

		Tally(Granularity granularity, HookedAutoConfig config) {
			this.granularity = granularity;
			for (String name : granularity.components(config)) {
				this.byComponent.put(name, new long[2]);
			}
		}

		void linear(HookName hook, long flops) {
			this.byComponent.get(this.granularity.componentOf(hook))[0] += flops;
		}

		void quadratic(HookName hook, long flops) {
			this.byComponent.get(this.granularity.componentOf(hook))[1] += flops;
		}

		List<ComponentFlops> components() {
			return this.byComponent.entrySet()
				.stream()
				.map(e -> new ComponentFlops(e.getKey(), e.getValue()[0], e.getValue()[1],
						e.getValue()[0] + e.getValue()[1]))
				.toList();
		}

	}

}
