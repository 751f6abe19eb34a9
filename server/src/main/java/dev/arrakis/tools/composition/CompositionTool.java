package dev.arrakis.tools.composition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Weight-based circuit analysis (Elhage et al. 2021; registry key {@code composer}):
 * composition scores between heads, virtual heads and the spectra of a head's QK and OV
 * circuits. Row-vector convention: W_QK^h = W_Q^h W_K^h^T and W_OV^h = W_V^h W_O^h, both
 * [d_model, d_model]; grouped-query heads use their key/value group's W_K and W_V. The
 * scores come from weights alone, so they ignore rotary embeddings, attention scaling and
 * biases.
 */
public final class CompositionTool extends BaseInterpretabilityTool {

	/** The most random baseline draws one call may ask for. */
	public static final int MAX_BASELINE_SAMPLES = 1000;

	public CompositionTool(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "composer";
	}

	@Override
	public String description() {
		return "Q-, K- and V-composition scores between heads, virtual heads and QK/OV circuit spectra, from the weights.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec layer = ParamSpec.required("layer", "int", "layer index in [0, n_layers)");
		ParamSpec head = ParamSpec.required("head", "int", "head index in [0, n_heads)");
		return List.of(new ToolMethod("composition_scores",
				"Elhage et al. 2021 composition of writer h1 (layer1) into reader h2 (layer2 > layer1), Frobenius norms: "
						+ "Q = ||W_OV^h1 W_QK^h2|| / (||W_OV^h1|| ||W_QK^h2||), K = ||W_OV^h1 W_QK^h2^T|| / (same), "
						+ "V = ||W_OV^h1 W_OV^h2|| / (||W_OV^h1|| ||W_OV^h2||). foldLayerNorm multiplies every head's "
						+ "W_Q/W_K/W_V rows by its ln1 gain and, for LayerNorm, centres them over d_model. The baseline "
						+ "is the mean score of Gaussian factors of the same shapes; adjusted = score - baseline. "
						+ "Rotary embeddings are ignored.",
				List.of(ParamSpec.required("kind", "string", "Q | K | V"),
						ParamSpec.optional("foldLayerNorm", "boolean", "true",
								"fold ln1 gains (and LayerNorm centring) into the reading weights"),
						ParamSpec.optional("baselineSamples", "int", "20",
								"random draws for the baseline, in [0, " + MAX_BASELINE_SAMPLES + "]; 0: no baseline"),
						ParamSpec.optional("seed", "long", "0", "seed of the baseline draws")),
				new ResultSpec("CompositionScores", "[n_layers, n_heads, n_layers, n_heads]",
						"ratio of Frobenius norms in [0, 1]; 0 unless layer1 < layer2")),
				new ToolMethod("virtual_head",
						"The virtual head of V-composition: pattern A^h2 A^h1 on the tokens, the singular values of "
								+ "W_OV^h1 W_OV^h2 and the V-composition score (raw weights).",
						List.of(ParamSpec.required("tokens", "tokens",
								"token ids of one sequence, each in [0, d_vocab)"),
								ParamSpec.required("layer1", "int", "writer layer in [0, n_layers - 1)"),
								ParamSpec.required("head1", "int", "writer head in [0, n_heads)"),
								ParamSpec.required("layer2", "int", "reader layer in (layer1, n_layers)"),
								ParamSpec.required("head2", "int", "reader head in [0, n_heads)")),
						new ResultSpec("VirtualHead", "[query_pos, key_pos]",
								"probability, rows sum to 1; singular values in residual-stream units")),
				new ToolMethod("circuit",
						"One head's W_QK = W_Q W_K^T or W_OV = W_V W_O (raw weights): Frobenius norm, its d_head "
								+ "singular values and eigenvalues (largest modulus first) and, for OV, the copying score "
								+ "sum(Re lambda) / sum(|lambda|).",
						List.of(layer, head, ParamSpec.required("kind", "string", "QK | OV")),
						new ResultSpec("CircuitSpectrum", "[d_head]",
								"singular values and eigenvalues; copying score in [-1, 1]")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "composition_scores" -> compositionScores(args.choice("kind", CompositionKind.class),
					args.bool("foldLayerNorm"), args.integer("baselineSamples"), args.longValue("seed"));
			case "virtual_head" -> virtualHead(args.tokens("tokens"), args.integer("layer1"), args.integer("head1"),
					args.integer("layer2"), args.integer("head2"));
			case "circuit" ->
				circuit(args.integer("layer"), args.integer("head"), args.choice("kind", CircuitKind.class));
			default -> throw args.notDispatched();
		};
	}

	/** Composition scores of every earlier head into every later head. */
	public CompositionScores compositionScores(CompositionKind kind, boolean foldLayerNorm, int baselineSamples,
			long seed) {
		checkIndex("baselineSamples", baselineSamples, MAX_BASELINE_SAMPLES + 1);
		int layers = this.model.config().nLayers();
		int heads = this.model.config().nHeads();
		float[][][][] scores;
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDManager manager = scope.manager();
			List<HeadWeights> weights = new ArrayList<>();
			for (int layer = 0; layer < layers; layer++) {
				weights.add(HeadWeights.read(this.model, layer, foldLayerNorm, manager));
			}
			scores = BatchedComposition.scores(weights, kind, manager);
		}
		double baseline = RandomBaseline.mean(kind, this.model.config().dModel(), this.model.config().dHead(),
				baselineSamples, seed);
		float[][][][] adjusted = new float[layers][heads][layers][heads];
		List<String> labels = new ArrayList<>();
		for (int layer1 = 0; layer1 < layers; layer1++) {
			for (int head1 = 0; head1 < heads; head1++) {
				labels.add(Labels.head(layer1, head1));
				for (int layer2 = layer1 + 1; layer2 < layers; layer2++) {
					for (int head2 = 0; head2 < heads; head2++) {
						adjusted[layer1][head1][layer2][head2] = (float) (scores[layer1][head1][layer2][head2]
								- baseline);
					}
				}
			}
		}
		String metric = "%s-composition: ||W_OV^h1 %s|| / (||W_OV^h1|| ||%s||) (Frobenius), %s; baseline: mean of %d "
			.formatted(kind, readerProduct(kind), kind == CompositionKind.V ? "W_OV^h2" : "W_QK^h2",
					foldLayerNorm ? "ln1 folded into W_Q/W_K/W_V" : "raw weights", baselineSamples)
				+ "Gaussian draws";
		return new CompositionScores(kind, foldLayerNorm, scores, baseline, adjusted, labels, metric);
	}

	/**
	 * The virtual head of writer L{layer1}H{head1} and reader L{layer2}H{head2}
	 * (V-composition), on {@code tokens}.
	 */
	public VirtualHead virtualHead(long[] tokens, int layer1, int head1, int layer2, int head2) {
		checkTokens("tokens", tokens, 1);
		checkLayer("layer1", layer1);
		checkHead("head1", head1);
		checkLayer("layer2", layer2);
		checkHead("head2", head2);
		if (layer2 == 0) {
			throw new IllegalArgumentException(
					"layer2 = 0 is out of range: valid values are 1..%d, the reader comes after the writer layer1"
						.formatted(this.model.config().nLayers() - 1));
		}
		if (layer1 >= layer2) {
			throw new IllegalArgumentException(
					"layer1 = %d is out of range: valid values are 0..%d, the writer comes before the reader layer2 = %d"
						.formatted(layer1, layer2 - 1, layer2));
		}
		float[][] pattern = composedPattern(tokens, layer1, head1, layer2, head2);
		FactoredMatrix writer;
		FactoredMatrix reader;
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			writer = HeadWeights.read(this.model, layer1, false, scope.manager()).ov(head1);
			reader = HeadWeights.read(this.model, layer2, false, scope.manager()).ov(head2);
		}
		return new VirtualHead(Labels.head(layer1, head1) + ">" + Labels.head(layer2, head2), pattern,
				writer.times(reader).singularValues(), CompositionKind.V.score(writer, reader));
	}

	/** The spectrum of one head's QK or OV circuit (raw weights). */
	public CircuitSpectrum circuit(int layer, int head, CircuitKind kind) {
		checkLayer("layer", layer);
		checkHead("head", head);
		FactoredMatrix circuit;
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			HeadWeights weights = HeadWeights.read(this.model, layer, false, scope.manager());
			circuit = kind == CircuitKind.QK ? weights.qk(head) : weights.ov(head);
		}
		FactoredMatrix.Eigenvalues eigenvalues = circuit.eigenvalues();
		Double copyingScore = kind == CircuitKind.OV ? copyingScore(eigenvalues) : null;
		return new CircuitSpectrum(Labels.head(layer, head), kind, circuit.frobeniusNorm(), circuit.singularValues(),
				eigenvalues.real(), eigenvalues.imaginary(), copyingScore);
	}

	/** A^{h2} A^{h1} [query_pos][key_pos] on one forward pass. */
	private float[][] composedPattern(long[] tokens, int layer1, int head1, int layer2, int head2) {
		HookName first = HookName.pattern(layer1);
		HookName second = HookName.pattern(layer2);
		float[] product;
		try (RunResult run = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.of(name -> name.equals(first) || name.equals(second)), layer2 + 1)) {
			NDArray earlier = run.cache().get(first).get(0, head1).toType(DataType.FLOAT32, false);
			NDArray later = run.cache().get(second).get(0, head2).toType(DataType.FLOAT32, false);
			product = later.matMul(earlier).toFloatArray();
		}
		int length = tokens.length;
		float[][] pattern = new float[length][length];
		for (int query = 0; query < length; query++) {
			System.arraycopy(product, query * length, pattern[query], 0, length);
		}
		return pattern;
	}

	/**
	 * sum(Re lambda) / sum(|lambda|): 1 when every eigenvalue is positive real, the
	 * signature of a head that copies what it reads (Elhage et al. 2021); 0 for a zero
	 * circuit.
	 */
	private static double copyingScore(FactoredMatrix.Eigenvalues eigenvalues) {
		double real = 0;
		double moduli = 0;
		for (int i = 0; i < eigenvalues.real().length; i++) {
			real += eigenvalues.real()[i];
			moduli += Math.hypot(eigenvalues.real()[i], eigenvalues.imaginary()[i]);
		}
		return moduli == 0 ? 0 : real / moduli;
	}

	private static String readerProduct(CompositionKind kind) {
		return switch (kind) {
			case Q -> "W_QK^h2";
			case K -> "W_QK^h2^T";
			case V -> "W_OV^h2";
		};
	}

}
