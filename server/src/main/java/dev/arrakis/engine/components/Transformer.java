package dev.arrakis.engine.components;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
	 * A copy of the weight with TransformerLens name {@code name} (see
	 * {@link dev.arrakis.engine.weights.CanonicalWeights}), owned by {@code into}: tools
	 * compute on it freely without touching the model.
	 */
	public NDArray weight(String name, NDManager into) {
		String[] parts = name.split("\\.");
		if (parts.length == 4 && parts[0].equals("blocks")) {
			return this.blocks.get(Integer.parseInt(parts[1])).canonical(parts[2], parts[3], into);
		}
		return switch (name) {
			case "embed.W_E" -> Ops.copy(this.embed.wE(), into);
			case "pos_embed.W_pos" -> Ops.copy(requirePosEmbed().wPos(), into);
			case "ln_final.w", "ln_final.b" -> this.lnFinal.canonical(parts[1], into);
			case "unembed.W_U" -> Ops.copy(this.unembed.wU(), into);
			case "unembed.b_U" -> Ops.copy(this.unembed.bU(), into);
			default -> throw new IllegalArgumentException("no weight named " + name);
		};
	}

	private PosEmbed requirePosEmbed() {
		if (this.posEmbed == null) {
			throw new IllegalArgumentException("this model has no learned positional embedding");
		}
		return this.posEmbed;
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
