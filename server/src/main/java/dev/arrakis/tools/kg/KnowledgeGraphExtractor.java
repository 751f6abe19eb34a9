package dev.arrakis.tools.kg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * An exploratory heuristic (registry key {@code kg_extractor}): reads "relations" off one
 * head's QK circuit W_QK^h = W_Q^h W_K^h^T [d_model, d_model] (row-vector convention,
 * Elhage et al. 2021; grouped-query heads use their key/value group's W_K). Its SVD U S
 * V^T gives query-side directions (U: what the head looks for) and key-side directions
 * (V: what gets attended to); token embeddings are projected onto them and grouped by the
 * directions they load on. There is no standard knowledge-graph extraction from QK: the
 * results describe the weights, they do not establish facts the model knows. Rotary
 * embeddings, positions, biases and the normaliser's activation-dependent scale are left
 * out.
 */
public final class KnowledgeGraphExtractor extends BaseInterpretabilityTool {

	/** The most tokens one list may hold. */
	public static final int MAX_TOKENS = 4096;

	private static final String SIGN_CONVENTION = "Singular vectors are unit length and defined up to a joint sign; "
			+ "each u_i is signed so that its largest-magnitude entry is positive, and v_i flips with it.";

	public KnowledgeGraphExtractor(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "kg_extractor";
	}

	@Override
	public String description() {
		return "Exploratory heuristic, not a standard method: one head's QK circuit W_QK = W_Q W_K^T, its singular "
				+ "directions, the token-level circuit W_E W_QK W_E^T and the tokens whose embeddings load on each "
				+ "direction. Describes the weights; it does not extract facts.";
	}

	@Override
	public List<ToolMethod> methods() {
		ParamSpec layer = ParamSpec.required("layer", "int", "layer index in [0, n_layers)");
		ParamSpec head = ParamSpec.required("head", "int", "query head index in [0, n_heads)");
		ParamSpec topK = ParamSpec.optional("topK", "int", "3",
				"how many singular directions, in [1, d_head] (W_QK has rank at most d_head)");
		ParamSpec fold = ParamSpec.optional("foldLayerNorm", "boolean", "false",
				"multiply W_Q and W_K rows by the ln1 gain and, for LayerNorm, centre them over d_model");
		ParamSpec tokenIds = ParamSpec.required("tokenIds", "tokens",
				"token ids, each in [0, d_vocab); 1 to " + MAX_TOKENS + " of them (a list, not a sequence)");
		return List.of(
				new ToolMethod("relational_subspaces",
						"Exploratory heuristic. The SVD W_QK^h = U S V^T of one head's QK circuit W_Q^h W_K^h^T "
								+ "[d_model, d_model] (grouped-query heads: the W_K of group h / group_size), computed "
								+ "from thin QR decompositions of W_Q and W_K and the SVD of the d_head x d_head core, "
								+ "never materialising d_model x d_model. Returns the top-k singular values and the "
								+ "query-side (U, what the head looks for) and key-side (V, what it attends to) unit "
								+ "directions. " + SIGN_CONVENTION
								+ " Rotary embeddings, biases and the attention scale " + "are left out.",
						List.of(layer, head, topK, fold),
						new ResultSpec("RelationalSubspaces", "[k, d_model]",
								"unit directions; singular values: bilinear score per unit query and key norm")),
				new ToolMethod("token_circuit",
						"Exploratory heuristic. The token-level QK circuit: scores[q][k] = attention_scale * "
								+ "W_E[q] W_Q^h (W_E[k] W_K^h)^T, the pre-softmax score the query token would give "
								+ "the key token from their token embeddings alone. Ignores positions (learned or "
								+ "rotary), b_Q/b_K and the normaliser's activation-dependent scale; with "
								+ "foldLayerNorm the ln1 gain (and LayerNorm centring) is applied.",
						List.of(layer, head,
								ParamSpec.required("queryTokens", "tokens",
										"the rows' token ids, each in [0, d_vocab); 1 to " + MAX_TOKENS),
								ParamSpec.required("keyTokens", "tokens",
										"the columns' token ids, each in [0, d_vocab); 1 to " + MAX_TOKENS),
								fold),
						new ResultSpec("TokenCircuit", "[query_tokens, key_tokens]",
								"pre-softmax attention score (logit units of the pattern)")),
				new ToolMethod("project_tokens",
						"Exploratory heuristic. Projects each token's embedding W_E[t] (no positions, no layer "
								+ "norm) onto the head's top-k query-side directions u_i and key-side directions "
								+ "v_i of the raw W_QK^h: W_E[t] . u_i and W_E[t] . v_i. " + SIGN_CONVENTION,
						List.of(tokenIds, layer, head, topK),
						new ResultSpec("TokenProjections", "[k, tokens] per side",
								"residual-stream units (dot product with a unit direction)")),
				new ToolMethod("identify_relations",
						"Exploratory heuristic, the original's corrected semantics: relations[i] lists the tokens "
								+ "whose |W_E[t] . d| >= threshold for d = u_i (query side) or v_i (key side), with "
								+ "the side and the projection's sign, from the raw W_QK^h's top-k directions. "
								+ "Grouping tokens by a shared direction suggests, but does not establish, a "
								+ "relation. " + SIGN_CONVENTION,
						List.of(tokenIds, layer, head, topK,
								ParamSpec.optional("threshold", "double", "0.3",
										"minimum |projection|, finite and >= 0, residual-stream units")),
						new ResultSpec("RelationTypes", "[k] lists of tokens",
								"tokens with |projection| >= threshold")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "relational_subspaces" -> relationalSubspaces(args.integer("layer"), args.integer("head"),
					args.integer("topK"), args.bool("foldLayerNorm"));
			case "token_circuit" -> tokenCircuit(args.integer("layer"), args.integer("head"),
					args.tokens("queryTokens"), args.tokens("keyTokens"), args.bool("foldLayerNorm"));
			case "project_tokens" -> projectTokens(args.tokens("tokenIds"), args.integer("layer"), args.integer("head"),
					args.integer("topK"));
			case "identify_relations" -> identifyRelations(args.tokens("tokenIds"), args.integer("layer"),
					args.integer("head"), args.integer("topK"), args.real("threshold"));
			default -> throw args.notDispatched();
		};
	}

	/** The top {@code topK} singular values and directions of L{layer}H{head}'s W_QK. */
	public RelationalSubspaces relationalSubspaces(int layer, int head, int topK, boolean foldLayerNorm) {
		checkHeadAndRank(layer, head, topK);
		ThinSvd svd = ThinSvd.of(HeadQk.read(this.model, layer, head, foldLayerNorm).circuit(), topK);
		return new RelationalSubspaces(Labels.head(layer, head), foldLayerNorm, svd.values(), toFloat(svd.left()),
				toFloat(svd.right()),
				"W_QK^h = W_Q^h W_K^h^T = U S V^T (%s); query directions: rows of U^T, key directions: rows of V^T. %s"
					.formatted(foldLayerNorm ? "ln1 folded into W_Q and W_K" : "raw weights", SIGN_CONVENTION));
	}

	/**
	 * scale * W_E[q] W_QK^h W_E[k]^T for every query token q and key token k, positions
	 * and biases left out.
	 */
	public TokenCircuit tokenCircuit(int layer, int head, long[] queryTokens, long[] keyTokens, boolean foldLayerNorm) {
		checkLayer("layer", layer);
		checkHead("head", head);
		checkTokenList("queryTokens", queryTokens);
		checkTokenList("keyTokens", keyTokens);
		HeadQk weights = HeadQk.read(this.model, layer, head, foldLayerNorm);
		double[][] queries = multiply(TokenEmbeddings.rows(this.model, queryTokens), weights.query());
		double[][] keys = multiply(TokenEmbeddings.rows(this.model, keyTokens), weights.key());
		double scale = this.model.config().attentionScale();
		float[][] scores = new float[queryTokens.length][keyTokens.length];
		for (int q = 0; q < queryTokens.length; q++) {
			for (int k = 0; k < keyTokens.length; k++) {
				scores[q][k] = (float) (scale * dot(queries[q], keys[k]));
			}
		}
		return new TokenCircuit(Labels.head(layer, head), queryTokens.clone(), keyTokens.clone(), scores, scale,
				foldLayerNorm,
				"pre-softmax QK score from token embeddings alone: %s * W_E[q] W_Q^h (W_E[k] W_K^h)^T (%s); positions, "
					.formatted(scale, foldLayerNorm ? "ln1 gain folded" : "raw weights")
						+ "rotary, b_Q/b_K and the normaliser's scale are ignored");
	}

	/**
	 * W_E[t] . u_i and W_E[t] . v_i for the top {@code topK} directions of the raw
	 * W_QK^h.
	 */
	public TokenProjections projectTokens(long[] tokenIds, int layer, int head, int topK) {
		checkHeadAndRank(layer, head, topK);
		checkTokenList("tokenIds", tokenIds);
		ThinSvd svd = ThinSvd.of(HeadQk.read(this.model, layer, head, false).circuit(), topK);
		double[][] embeddings = TokenEmbeddings.rows(this.model, tokenIds);
		return new TokenProjections(Labels.head(layer, head), tokenIds.clone(), svd.values(),
				project(embeddings, svd.left()), project(embeddings, svd.right()),
				"W_E[t] . direction (token embedding only: no positions, no layer norm), directions of the raw W_QK^h. "
						+ SIGN_CONVENTION);
	}

	/**
	 * relations[i]: the tokens with |W_E[t] . u_i| or |W_E[t] . v_i| at least
	 * {@code threshold}.
	 */
	public RelationTypes identifyRelations(long[] tokenIds, int layer, int head, int topK, double threshold) {
		checkHeadAndRank(layer, head, topK);
		checkTokenList("tokenIds", tokenIds);
		if (!(threshold >= 0) || Double.isInfinite(threshold)) {
			throw new IllegalArgumentException(
					"threshold = %s is out of range: valid values are finite and >= 0".formatted(threshold));
		}
		TokenProjections projections = projectTokens(tokenIds, layer, head, topK);
		List<Relation> relations = new ArrayList<>();
		for (int i = 0; i < topK; i++) {
			List<RelationMember> members = new ArrayList<>();
			addMembers(members, tokenIds, "query", projections.querySide()[i], threshold);
			addMembers(members, tokenIds, "key", projections.keySide()[i], threshold);
			relations.add(new Relation(i, projections.singularValues()[i], members));
		}
		return new RelationTypes(Labels.head(layer, head), threshold, relations,
				"tokens with |W_E[t] . u_i| >= %s (query side) or |W_E[t] . v_i| >= %s (key side)".formatted(threshold,
						threshold) + "; " + projections.metric());
	}

	private static void addMembers(List<RelationMember> members, long[] tokenIds, String side, float[] projections,
			double threshold) {
		for (int t = 0; t < tokenIds.length; t++) {
			if (Math.abs(projections[t]) >= threshold) {
				members.add(new RelationMember(t, tokenIds[t], side, projections[t] < 0 ? -1 : 1, projections[t]));
			}
		}
	}

	private void checkHeadAndRank(int layer, int head, int topK) {
		checkLayer("layer", layer);
		checkHead("head", head);
		int dHead = this.model.config().dHead();
		if (topK < 1 || topK > dHead) {
			throw new IllegalArgumentException(
					"topK = %d is out of range: valid values are 1..%d (W_QK has rank at most d_head)".formatted(topK,
							dHead));
		}
	}

	/** A list of token ids (not a sequence: no context limit): 1 to MAX_TOKENS ids. */
	private void checkTokenList(String parameter, long[] tokens) {
		if (tokens.length == 0 || tokens.length > MAX_TOKENS) {
			throw new IllegalArgumentException(
					"%s must hold 1..%d tokens, got %d".formatted(parameter, MAX_TOKENS, tokens.length));
		}
		int vocab = this.model.config().dVocab();
		for (int i = 0; i < tokens.length; i++) {
			if (tokens[i] < 0 || tokens[i] >= vocab) {
				throw new IllegalArgumentException("%s[%d] = %d is not a token id: valid ids are 0..%d"
					.formatted(parameter, i, tokens[i], vocab - 1));
			}
		}
	}

	/** [directions][tokens]: rows . directions. */
	private static float[][] project(double[][] rows, double[][] directions) {
		float[][] projections = new float[directions.length][rows.length];
		for (int i = 0; i < directions.length; i++) {
			for (int t = 0; t < rows.length; t++) {
				projections[i][t] = (float) dot(rows[t], directions[i]);
			}
		}
		return projections;
	}

	private static double[][] multiply(double[][] left, double[][] right) {
		int inner = right.length;
		int columns = right[0].length;
		double[][] product = new double[left.length][columns];
		for (int i = 0; i < left.length; i++) {
			for (int m = 0; m < inner; m++) {
				double value = left[i][m];
				for (int j = 0; j < columns; j++) {
					product[i][j] += value * right[m][j];
				}
			}
		}
		return product;
	}

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	private static float[][] toFloat(double[][] values) {
		float[][] floats = new float[values.length][];
		for (int i = 0; i < values.length; i++) {
			floats[i] = new float[values[i].length];
			for (int j = 0; j < values[i].length; j++) {
				floats[i][j] = (float) values[i][j];
			}
		}
		return floats;
	}

}
