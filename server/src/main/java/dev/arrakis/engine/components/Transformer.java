package dev.arrakis.engine.components;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.weights.StateDict;

/**
 * The decoder stack: embed (+ pos_embed) -> blocks -> ln_final -> unembed. Immutable once
 * built; all per-call state is in the {@link ForwardContext}.
 */
public final class Transformer {

	private final Embed embed;

	private final @Nullable PosEmbed posEmbed;

	private final List<TransformerBlock> blocks;

	private final Normalization lnFinal;

	private final Unembed unembed;

	/**
	 * Builds every component from canonical weights; arrays the model keeps are marked
	 * with {@link StateDict#keep}.
	 */
	public Transformer(HookedAutoConfig config, StateDict weights) {
		weights.requireComplete(config);
		this.embed = new Embed(weights);
		this.posEmbed = config.positional().learned() ? new PosEmbed(weights) : null;
		List<TransformerBlock> built = new ArrayList<>();
		for (int layer = 0; layer < config.nLayers(); layer++) {
			built.add(new TransformerBlock(config, weights, layer));
		}
		this.blocks = List.copyOf(built);
		this.lnFinal = Normalization.create(config, weights, "ln_final", HookName.of(HookPoint.LN_FINAL_SCALE),
				HookName.of(HookPoint.LN_FINAL_NORMALIZED));
		this.unembed = new Unembed(weights);
	}

	public Embed embed() {
		return this.embed;
	}

	public List<TransformerBlock> blocks() {
		return this.blocks;
	}

	public Unembed unembed() {
		return this.unembed;
	}

	/**
	 * ln_final then the unembedding, applied to any residual stream: the logit lens's
	 * readout.
	 * @param residual [batch, pos, d_model]
	 * @return logits [batch, pos, d_vocab]
	 */
	public NDArray unembedResidual(NDArray residual, ForwardContext ctx) {
		return this.unembed.forward(this.lnFinal.forward(residual, ctx), ctx);
	}

	/**
	 * @param tokens int64 [batch, pos]
	 * @param positions int64 [batch, pos]
	 * @param stopAtLayer run blocks [0, stopAtLayer) and return the residual stream; null
	 * runs the whole model
	 * @return logits [batch, pos, d_vocab], or the residual stream [batch, pos, d_model]
	 * when stopped early
	 */
	public NDArray forward(NDArray tokens, NDArray positions, ForwardContext ctx, @Nullable Integer stopAtLayer) {
		NDArray residual = this.embed.forward(tokens, ctx);
		if (this.posEmbed != null) {
			residual = residual.add(this.posEmbed.forward(positions, ctx));
		}
		int end = stopAtLayer == null ? this.blocks.size() : stopAtLayer;
		for (int layer = 0; layer < end; layer++) {
			residual = this.blocks.get(layer).forward(residual, ctx);
		}
		if (stopAtLayer != null) {
			return residual;
		}
		return unembedResidual(residual, ctx);
	}

}
