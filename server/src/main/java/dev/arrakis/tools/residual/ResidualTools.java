package dev.arrakis.tools.residual;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Residual-stream decomposition (registry key {@code residual}): resid_post of a layer is
 * exactly the token embedding, the positional embedding (learned positions) and every
 * earlier attention and MLP output, added up; this holds for sequential and parallel
 * blocks alike. Also how each layer changes the stream's norm and direction.
 */
public final class ResidualTools extends BaseInterpretabilityTool {

	public ResidualTools(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "residual";
	}

	@Override
	public String description() {
		return "Splits the residual stream into embeddings and each layer's attention and MLP writes; how much each "
				+ "layer moves it.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		return List.of(new ToolMethod("decompose_residual",
				"resid_post[layer] = embed + pos_embed + sum over layers <= layer of (attn_out + mlp_out); each part "
						+ "with its L2 norm per position.",
				List.of(tokens,
						ParamSpec.required("layer", "int", "layer index in [0, n_layers): decompose its resid_post")),
				new ResultSpec("ResidualDecomposition", "[component, pos, d_model]", "residual-stream units")),
				new ToolMethod("residual_norms",
						"Per layer: mean ||resid_pre|| and ||resid_post|| over positions, the mean relative change "
								+ "||resid_post - resid_pre|| / ||resid_pre|| (= ||attn_out + mlp_out|| / "
								+ "||resid_pre||) and the mean cosine(resid_pre, resid_post); norms per position.",
						List.of(tokens),
						new ResultSpec("ResidualNorms", "[n_layers, pos]",
								"L2 norms in residual-stream units; relative change and cosine unitless")),
				new ToolMethod("residual_movement",
						"Mean over positions of ||resid_post[toLayer] - resid_post[fromLayer]|| / "
								+ "||resid_post[fromLayer]||, and the mean cosine(resid_post[fromLayer], "
								+ "resid_post[toLayer]).",
						List.of(tokens, ParamSpec.required("fromLayer", "int", "layer index in [0, n_layers - 1)"),
								ParamSpec.required("toLayer", "int", "layer index in (fromLayer, n_layers)")),
						new ResultSpec("ResidualMovement", "[pos]", "relative change and cosine, unitless")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "decompose_residual" -> decompose(args.tokens("tokens"), args.integer("layer"));
			case "residual_norms" -> residualNorms(args.tokens("tokens"));
			case "residual_movement" ->
				residualMovement(args.tokens("tokens"), args.integer("fromLayer"), args.integer("toLayer"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * The parts of {@code resid_post} of {@code layer}, in the order they were written.
	 */
	public ResidualDecomposition decompose(long[] tokens, int layer) {
		checkTokens("tokens", tokens, 1);
		checkLayer("layer", layer);
		List<String> labels = new ArrayList<>();
		List<HookName> parts = new ArrayList<>();
		labels.add(Labels.EMBED);
		parts.add(HookName.of(HookPoint.EMBED));
		if (this.model.config().positional().learned()) {
			labels.add(Labels.POS_EMBED);
			parts.add(HookName.of(HookPoint.POS_EMBED));
		}
		for (int l = 0; l <= layer; l++) {
			labels.add(Labels.attn(l));
			parts.add(HookName.of(HookPoint.ATTN_OUT, l));
			labels.add(Labels.mlp(l));
			parts.add(HookName.of(HookPoint.MLP_OUT, l));
		}
		HookFilter filter = HookFilter.of(parts::contains);
		float[][][] components = new float[parts.size()][][];
		float[][] norms = new float[parts.size()][];
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), filter, layer + 1)) {
			for (int i = 0; i < parts.size(); i++) {
				HostTensor part = run.cache().toHost(parts.get(i), Narrowing.ALL);
				int length = (int) part.shape()[1];
				int width = (int) part.shape()[2];
				components[i] = new float[length][width];
				norms[i] = new float[length];
				for (int position = 0; position < length; position++) {
					double squares = 0;
					for (int d = 0; d < width; d++) {
						float value = part.data()[position * width + d];
						components[i][position][d] = value;
						squares += (double) value * value;
					}
					norms[i][position] = (float) Math.sqrt(squares);
				}
			}
		}
		return new ResidualDecomposition(labels, components, norms);
	}

	/**
	 * What each block does to the norm and direction of the residual stream: resid_pre
	 * against resid_post of the same layer, per position and averaged over positions.
	 */
	public ResidualNorms residualNorms(long[] tokens) {
		checkTokens("tokens", tokens, 1);
		int layers = this.model.config().nLayers();
		float[] meanPre = new float[layers];
		float[] meanPost = new float[layers];
		float[] relativeChange = new float[layers];
		float[] cosine = new float[layers];
		float[][] preNorms = new float[layers][];
		float[][] postNorms = new float[layers][];
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.parse("blocks.*.hook_resid_pre,blocks.*.hook_resid_post"), layers)) {
			for (int layer = 0; layer < layers; layer++) {
				Comparison comparison = compare(run.cache().get(HookName.residPre(layer)),
						run.cache().get(HookName.residPost(layer)));
				preNorms[layer] = comparison.fromNorms();
				postNorms[layer] = comparison.toNorms();
				meanPre[layer] = (float) mean(comparison.fromNorms());
				meanPost[layer] = (float) mean(comparison.toNorms());
				relativeChange[layer] = (float) mean(comparison.relativeChange());
				cosine[layer] = (float) mean(comparison.cosine());
			}
		}
		return new ResidualNorms(meanPre, meanPost, relativeChange, cosine, preNorms, postNorms);
	}

	/**
	 * How far the residual stream moves from the output of {@code fromLayer} to the
	 * output of {@code toLayer}: the original Arrakis measure compared resid_pre of the
	 * later layer with resid_post of the earlier, which is 0 for adjacent layers; this
	 * compares the two outputs.
	 */
	public ResidualMovement residualMovement(long[] tokens, int fromLayer, int toLayer) {
		checkTokens("tokens", tokens, 1);
		checkLayer("fromLayer", fromLayer);
		checkLayer("toLayer", toLayer);
		if (fromLayer >= toLayer) {
			throw new IllegalArgumentException(
					"fromLayer = %d must be less than toLayer = %d: valid values are 0 <= fromLayer < toLayer <= %d"
						.formatted(fromLayer, toLayer, this.model.config().nLayers() - 1));
		}
		Comparison comparison;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.parse("blocks.*.hook_resid_post"), toLayer + 1)) {
			comparison = compare(run.cache().get(HookName.residPost(fromLayer)),
					run.cache().get(HookName.residPost(toLayer)));
		}
		return new ResidualMovement(
				"relative change ||resid_post[%d] - resid_post[%d]|| / ||resid_post[%d]|| and cosine, means over positions"
					.formatted(toLayer, fromLayer, fromLayer),
				fromLayer, toLayer, mean(comparison.relativeChange()), mean(comparison.cosine()),
				comparison.relativeChange(), comparison.cosine());
	}

	/**
	 * Norms, relative change and cosine per position of two residual streams [1, pos,
	 * d_model], computed on their device in float32 (the results belong to the run's
	 * scope).
	 */
	private static Comparison compare(NDArray from, NDArray to) {
		NDArray a = from.toType(DataType.FLOAT32, false);
		NDArray b = to.toType(DataType.FLOAT32, false);
		int[] lastAxis = { -1 };
		NDArray fromNorms = a.square().sum(lastAxis).sqrt();
		NDArray toNorms = b.square().sum(lastAxis).sqrt();
		NDArray change = b.sub(a).square().sum(lastAxis).sqrt();
		NDArray cosine = a.mul(b).sum(lastAxis).div(fromNorms.mul(toNorms));
		return new Comparison(fromNorms.toFloatArray(), toNorms.toFloatArray(), change.div(fromNorms).toFloatArray(),
				cosine.toFloatArray());
	}

	private static double mean(float[] values) {
		double sum = 0;
		for (float value : values) {
			sum += value;
		}
		return sum / values.length;
	}

	/** Per position: both norms, ||to - from|| / ||from|| and cosine(from, to). */
	private record Comparison(float[] fromNorms, float[] toNorms, float[] relativeChange, float[] cosine) {
	}

}
