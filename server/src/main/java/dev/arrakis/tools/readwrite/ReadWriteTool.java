package dev.arrakis.tools.readwrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.JsonForms;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Read/write analysis (registry key {@code write_read}) after Elhage et al. 2021: which
 * heads and neurons write along a residual-stream direction and which read it (from the
 * weights), what each component wrote along it on an input, how information moves between
 * two positions, and how much each head can write at all.
 */
public final class ReadWriteTool extends BaseInterpretabilityTool {

	/** Neurons per layer {@link #writesOnInput(long[], Direction, int)} lists. */
	public static final int DEFAULT_TOP_NEURONS = 10;

	public ReadWriteTool(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "write_read";
	}

	@Override
	public String description() {
		return "Which heads and neurons write or read a residual-stream direction, what each wrote on an input, "
				+ "information flow between positions, and each head's write size.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec direction = ParamSpec.required("direction", "direction",
				"residual-stream direction, token ids in [0, d_vocab): " + JsonForms.DIRECTION);
		ParamSpec topK = ParamSpec.optional("topK", "int", "10", "neurons per layer, in [1, d_mlp]");
		ParamSpec tokens = ParamSpec.required("tokens", "tokens", "token ids of one sequence, each in [0, d_vocab)");
		return List.of(new ToolMethod("writers",
				"Weight-based writers of a unit direction d: per head ||W_O^h d|| / ||W_O^h||_F (the share of the "
						+ "head's output space along d, in [0, 1]); per layer the top-k neurons by cos(W_out[n], d), "
						+ "signed, largest |cos| first.",
				List.of(direction, topK),
				new ResultSpec("WriterScores", "[n_layers, n_heads]", "write score in [0, 1]; neurons: cosine")),
				new ToolMethod("readers",
						"Weight-based readers of a unit direction d, with the reader's norm gain folded in and, for "
								+ "LayerNorm, d centred first (LN removes the mean; the centred d is not renormalised): "
								+ "per head and X in {Q, K, V} ||d diag(w_ln1) W_X^h|| / ||diag(w_ln1) W_X^h||_F "
								+ "(K and V of the head's key/value group; Q and K before rotary); per layer the "
								+ "top-k neurons by d . (w_ln2 * W_in[:, n]) / ||w_ln2 * W_in[:, n]|| (the cosine for "
								+ "RMSNorm), and the same through W_gate for gated MLPs.",
						List.of(direction, topK),
						new ResultSpec("ReaderScores", "[n_layers, n_heads] for each of Q, K, V",
								"read score in [0, 1]; neurons: cosine in [-1, 1]")),
				new ToolMethod("writes_on_input",
						"What each component wrote along a unit direction d at one position: embed . d, pos_embed . d, "
								+ "each head's hook_result . d, each b_O . d and each layer's mlp_out . d; they sum to "
								+ "resid_post[last] . d. Per layer the top-k neurons by post_n * (W_out[n] . d); all "
								+ "neurons plus b_out . d sum to mlp_out . d.",
						List.of(tokens, direction, ParamSpec.required("position", "int", "position in [0, pos)"), topK),
						new ResultSpec("DirectionWrites", "[component]", "residual-stream units along the unit d")),
				new ToolMethod("information_flow",
						"From a source position to a destination position: per head the attention A^{l,h}[dst, src]; "
								+ "the value-weighted norm ||A[dst, src] v_src W_O^h|| (Kobayashi et al. 2020; v of the "
								+ "head's key/value group, with b_V); and attention rollout R_l[dst, src] (Abnar & "
								+ "Zuidema 2020) with A_l the mean over heads, R_l = (0.5 A_l + 0.5 I) ... "
								+ "(0.5 A_0 + 0.5 I). Rollout ignores the MLPs and, for parallel-residual models, is an "
								+ "approximation (attention and MLP read the same residual).",
						List.of(tokens,
								ParamSpec.required("sourcePosition", "int", "position in [0, destinationPosition]"),
								ParamSpec.required("destinationPosition", "int", "position in [0, pos)")),
						new ResultSpec("InformationFlow", "[n_layers, n_heads]",
								"attention and rollout in [0, 1]; value-weighted norm in residual-stream units")),
				new ToolMethod("write_sizes",
						"Per head ||W_OV^h||_F = ||W_V^g W_O^h||_F (g the head's key/value group), computed as "
								+ "sqrt(tr((W_V^T W_V)(W_O W_O^T))) without forming the d_model x d_model matrix, "
								+ "and ||W_O^h||_F. Raw weights: ln1's gain is not folded in.",
						List.of(), new ResultSpec("WriteSizes", "[n_layers, n_heads]", "Frobenius norm")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "writers" -> writers(args.direction("direction"), args.integer("topK"));
			case "readers" -> readers(args.direction("direction"), args.integer("topK"));
			case "writes_on_input" -> writesOnInput(args.tokens("tokens"), args.direction("direction"),
					args.integer("position"), args.integer("topK"));
			case "information_flow" -> informationFlow(args.tokens("tokens"), args.integer("sourcePosition"),
					args.integer("destinationPosition"));
			case "write_sizes" -> writeSizes();
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Per head ||W_O^h d|| / ||W_O^h||_F for the unit direction d, and per layer the
	 * {@code topK} neurons by cos(W_out[n], d).
	 */
	public WriterScores writers(Direction direction, int topK) {
		checkTopK(topK);
		float[] unit = direction.unitVector(this.model);
		HookedAutoConfig config = this.model.config();
		float[][] heads = new float[config.nLayers()][];
		NeuronScore[][] neurons = new NeuronScore[config.nLayers()][];
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			NDArray column = manager.create(unit, new Shape(unit.length, 1));
			for (int layer = 0; layer < config.nLayers(); layer++) {
				NDArray headOutputs = weight(layer, "attn.W_O", manager);
				heads[layer] = ratio(headOutputs.matMul(column).square().sum(new int[] { 1, 2 }).sqrt().toFloatArray(),
						headOutputs.square().sum(new int[] { 1, 2 }).sqrt().toFloatArray());
				NDArray neuronOutputs = weight(layer, "mlp.W_out", manager);
				float[] cosines = ratio(neuronOutputs.matMul(column).toFloatArray(),
						neuronOutputs.square().sum(new int[] { 1 }).sqrt().toFloatArray());
				neurons[layer] = TopNeurons.largest(layer, cosines, topK);
			}
		}
		return new WriterScores(direction.label(), "||W_O^h d|| / ||W_O^h||_F for the unit direction d", headLabels(),
				heads, "cos(W_out[n], d)", neurons);
	}

	/**
	 * Per head and Q, K, V the share of the (ln1-scaled) read space along the direction,
	 * and per layer the {@code topK} neurons reading it most.
	 */
	public ReaderScores readers(Direction direction, int topK) {
		checkTopK(topK);
		HookedAutoConfig config = this.model.config();
		float[] read = readableBy(direction.unitVector(this.model));
		float[][][] scores = new float[3][config.nLayers()][];
		NeuronScore[][] neurons = new NeuronScore[config.nLayers()][];
		NeuronScore[][] gates = new NeuronScore[config.nLayers()][];
		String[] matrices = { "attn.W_Q", "attn.W_K", "attn.W_V" };
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			NDArray readRow = manager.create(read, new Shape(1, read.length));
			for (int layer = 0; layer < config.nLayers(); layer++) {
				NDArray gain = weight(layer, "ln1.w", manager);
				for (int which = 0; which < matrices.length; which++) {
					NDArray matrix = weight(layer, matrices[which], manager).mul(gain.reshape(1, -1, 1));
					float[] perHead = ratio(
							readRow.matMul(matrix).square().sum(new int[] { 1, 2 }).sqrt().toFloatArray(),
							matrix.square().sum(new int[] { 1, 2 }).sqrt().toFloatArray());
					// K and V are per key/value head.
					scores[which][layer] = which == 0 ? perHead : perQueryHead(perHead);
				}
				NDArray mlpGain = weight(layer, "ln2.w", manager).reshape(-1, 1);
				neurons[layer] = TopNeurons.largest(layer,
						neuronReads(readRow, weight(layer, "mlp.W_in", manager).mul(mlpGain)), topK);
				gates[layer] = config.mlp() == MlpKind.GATED
						? TopNeurons.largest(layer,
								neuronReads(readRow, weight(layer, "mlp.W_gate", manager).mul(mlpGain)), topK)
						: new NeuronScore[0];
			}
		}
		String centring = config.norm() == Norm.LAYER_NORM ? "d centred (LayerNorm removes the mean), " : "";
		return new ReaderScores(direction.label(),
				"||d diag(w_ln1) W_X^h|| / ||diag(w_ln1) W_X^h||_F for the unit direction d, " + centring
						+ "X in {Q, K, V}",
				headLabels(), scores[0], scores[1], scores[2],
				"d . (w_ln2 * W_in[:, n]) / ||w_ln2 * W_in[:, n]||, " + centring + "W_gate for gate neurons", neurons,
				gates);
	}

	/**
	 * What each component wrote along the direction at {@code position}, with the
	 * {@value #DEFAULT_TOP_NEURONS} top neurons per layer.
	 */
	public DirectionWrites writesOnInput(long[] tokens, Direction direction, int position) {
		return writesOnInput(tokens, direction, position, DEFAULT_TOP_NEURONS);
	}

	/** What each component wrote along the direction at {@code position}. */
	public DirectionWrites writesOnInput(long[] tokens, Direction direction, int position, int topK) {
		checkTokens("tokens", tokens, 1);
		checkIndex("position", position, tokens.length);
		checkTopK(topK);
		return new InputWrites(this.model).along(tokens, direction.unitVector(this.model), direction.label(), position,
				topK);
	}

	/**
	 * How much information moves from {@code sourcePosition} to
	 * {@code destinationPosition}: attention, value-weighted norms and rollout.
	 */
	public InformationFlow informationFlow(long[] tokens, int sourcePosition, int destinationPosition) {
		checkTokens("tokens", tokens, 1);
		checkIndex("sourcePosition", sourcePosition, tokens.length);
		checkIndex("destinationPosition", destinationPosition, tokens.length);
		if (sourcePosition > destinationPosition) {
			throw new IllegalArgumentException(
					"sourcePosition = %d is after destinationPosition = %d: attention is causal, so valid values are 0..%d"
						.formatted(sourcePosition, destinationPosition, destinationPosition));
		}
		return new FlowTracer(this.model).between(tokens, sourcePosition, destinationPosition);
	}

	/** ||W_V^g W_O^h||_F and ||W_O^h||_F per head. */
	public WriteSizes writeSizes() {
		HookedAutoConfig config = this.model.config();
		float[][] ov = new float[config.nLayers()][config.nHeads()];
		float[][] output = new float[config.nLayers()][];
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			for (int layer = 0; layer < config.nLayers(); layer++) {
				NDArray values = weight(layer, "attn.W_V", manager);
				NDArray outputs = weight(layer, "attn.W_O", manager);
				// W_V^T W_V and W_O W_O^T are d_head x d_head; tr(AB) of symmetric A, B
				// is
				// sum(A * B).
				NDArray valueGram = values.transpose(0, 2, 1).batchMatMul(values);
				NDArray outputGram = outputs.batchMatMul(outputs.transpose(0, 2, 1));
				for (int head = 0; head < config.nHeads(); head++) {
					float squared = valueGram.get(head / config.groupSize()).mul(outputGram.get(head)).sum().getFloat();
					ov[layer][head] = (float) Math.sqrt(Math.max(0, squared));
				}
				output[layer] = outputs.square().sum(new int[] { 1, 2 }).sqrt().toFloatArray();
			}
		}
		return new WriteSizes("Frobenius norms of the raw weights: ||W_V^g W_O^h||_F and ||W_O^h||_F", headLabels(), ov,
				output);
	}

	/**
	 * What a norm lets through of a direction: LayerNorm subtracts the mean, so only the
	 * centred part of d is read (not renormalised); RMSNorm reads all of it.
	 */
	private float[] readableBy(float[] unit) {
		if (this.model.config().norm() != Norm.LAYER_NORM) {
			return unit;
		}
		double mean = 0;
		for (float value : unit) {
			mean += value;
		}
		mean /= unit.length;
		float[] centred = new float[unit.length];
		for (int i = 0; i < unit.length; i++) {
			centred[i] = (float) (unit[i] - mean);
		}
		return centred;
	}

	/**
	 * d . column / ||column|| for every column of {@code scaledInput} [d_model, d_mlp].
	 */
	private static float[] neuronReads(NDArray readRow, NDArray scaledInput) {
		return ratio(readRow.matMul(scaledInput).toFloatArray(),
				scaledInput.square().sum(new int[] { 0 }).sqrt().toFloatArray());
	}

	/** A score per key/value head spread to the query heads that use it. */
	private float[] perQueryHead(float[] perGroup) {
		int group = this.model.config().groupSize();
		float[] perHead = new float[this.model.config().nHeads()];
		for (int head = 0; head < perHead.length; head++) {
			perHead[head] = perGroup[head / group];
		}
		return perHead;
	}

	/** numerators[i] / denominators[i], 0 where the denominator is 0. */
	private static float[] ratio(float[] numerators, float[] denominators) {
		float[] ratios = new float[numerators.length];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = denominators[i] == 0 ? 0 : numerators[i] / denominators[i];
		}
		return ratios;
	}

	private NDArray weight(int layer, String name, NDManager manager) {
		return float32(this.model, "blocks." + layer + "." + name, manager);
	}

	static NDArray float32(HookedAutoModel model, String name, NDManager manager) {
		return model.weight(name, manager).toType(DataType.FLOAT32, false);
	}

	private List<String> headLabels() {
		return headLabels(this.model.config());
	}

	static List<String> headLabels(HookedAutoConfig config) {
		List<String> labels = new ArrayList<>();
		for (int layer = 0; layer < config.nLayers(); layer++) {
			for (int head = 0; head < config.nHeads(); head++) {
				labels.add(Labels.head(layer, head));
			}
		}
		return labels;
	}

	private void checkTopK(int topK) {
		int neurons = this.model.config().dMlp();
		if (topK < 1 || topK > neurons) {
			throw new IllegalArgumentException(
					"topK = %d is out of range: valid values are 1..%d (d_mlp)".formatted(topK, neurons));
		}
	}

}
