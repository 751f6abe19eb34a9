package dev.arrakis.tools.superposition;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Superposition (registry key {@code superposition}): sparse autoencoders on a hook's
 * activations, their principal components (PCA), and interpolation between two inputs'
 * activations through a hook. The model is never changed.
 */
public final class SuperpositionTools extends BaseInterpretabilityTool {

	/**
	 * The widest hook {@link #pca} accepts: its d x d eigendecomposition runs on the
	 * host.
	 */
	public static final int MAX_PCA_WIDTH = 1024;

	static final int MAX_DICTIONARY_SIZE = 1 << 16;

	static final int MAX_EPOCHS = 1000;

	static final int MAX_STEPS = 101;

	static final int TOP_K = 5;

	private static final ParamSpec DATASET = ParamSpec.required("dataset", "tokens[]",
			"token sequences, at least one, each of token ids in [0, d_vocab)");

	private static final ParamSpec HOOK = ParamSpec.required("hookName", "string",
			"a hook with one vector per position (dimensions 'batch pos ...'), e.g. blocks.0.hook_resid_post; "
					+ "trailing dimensions are flattened");

	public SuperpositionTools(HookedAutoModel model) {
		super(model);
	}

	@Override
	public String key() {
		return "superposition";
	}

	@Override
	public String description() {
		return "Sparse autoencoders (more features than dimensions), PCA of a hook's activations, and interpolation "
				+ "between two inputs' activations.";
	}

	@Override
	public List<ToolMethod> methods() {
		return List.of(new ToolMethod("train_sparse_autoencoder",
				"Trains a ReLU sparse autoencoder (Bricken et al. 2023; Cunningham et al. 2023) on the hook's "
						+ "activations at every position: f = ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec, "
						+ "loss = mean |x - x_hat|^2 + l1Coefficient |f|_1, Adam on mini-batches of "
						+ SparseAutoencoderTrainer.BATCH_SIZE
						+ " with seeded shuffling, decoder rows renormalised to unit norm after each step. Reports per "
						+ "epoch the reconstruction MSE, L0, the fraction of variance explained, the dead features and "
						+ "the learned weights.",
				List.of(DATASET, HOOK,
						ParamSpec.required("dictionarySize", "int",
								"number of features m, in [1, " + MAX_DICTIONARY_SIZE + "]"),
						ParamSpec.optional("l1Coefficient", "double", "1",
								"L1 penalty weight, >= 0; the activations are not normalised, so it scales with their squared norm"),
						ParamSpec.optional("epochs", "int", "10",
								"passes over the activations, in [1, " + MAX_EPOCHS + "]"),
						ParamSpec.optional("learningRate", "double", "0.001", "Adam step size, > 0"),
						ParamSpec.optional("seed", "long", "0", "seed of the initialisation and the shuffling")),
				new ResultSpec("SparseAutoencoder", "[epochs]; weights [d, m] and [m, d]",
						"MSE in activation units squared; L0 in features; variance explained in (-inf, 1]")),
				new ToolMethod("pca",
						"Principal components of the hook's activations over every position of every sequence: "
								+ "eigenvectors of the covariance (X - mean)^T (X - mean) / (n - 1), by decreasing "
								+ "eigenvalue; ratios are eigenvalue / trace. Host double math, width <= "
								+ MAX_PCA_WIDTH + ". PCA finds at most d orthogonal directions.",
						List.of(DATASET, HOOK,
								ParamSpec.required("components", "int", "how many components k, in [1, width]")),
						new ResultSpec("PrincipalComponents", "[k, d]; projections [sequence, pos, k]",
								"variance in activation units squared; ratio in [0, 1]")),
				new ToolMethod("interpolate_concepts",
						"Runs tokensA with its activation at the hook and position replaced by (1 - t) a + t b, b from "
								+ "tokensB at the same position, for t evenly spaced from 0 to 1, and reports the top-"
								+ TOP_K + " next-token predictions at the last position. Through a hook; the model is "
								+ "not changed.",
						List.of(ParamSpec.required("tokensA", "tokens", "token ids, each in [0, d_vocab)"),
								ParamSpec.required("tokensB", "tokens", "token ids, as many as tokensA"), HOOK,
								ParamSpec.optional("steps", "int", "5",
										"number of t values, in [2, " + MAX_STEPS + "]"),
								ParamSpec.required("position", "int", "position to patch, in [0, pos)")),
						new ResultSpec("ConceptInterpolation", "[steps, " + TOP_K + "]", "probability in [0, 1]")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "train_sparse_autoencoder" -> trainSparseAutoencoder(args.tokenLists("dataset"),
					args.string("hookName"), args.integer("dictionarySize"), args.real("l1Coefficient"),
					args.integer("epochs"), args.real("learningRate"), args.longValue("seed"));
			case "pca" -> pca(args.tokenLists("dataset"), args.string("hookName"), args.integer("components"));
			case "interpolate_concepts" -> interpolateConcepts(args.tokens("tokensA"), args.tokens("tokensB"),
					args.string("hookName"), args.integer("steps"), args.integer("position"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Trains a ReLU sparse autoencoder on the activations at {@code hookName} over every
	 * position of every sequence (see {@link SparseAutoencoderTrainer} for the
	 * gradients). Everything is seeded: the same arguments give the same result.
	 * <p>
	 * Partial result ({@link dev.arrakis.engine.ForwardWatch#reportPartial}): after every
	 * epoch, a {@link SparseAutoencoderProgress} whose curves are the final result's
	 * first epochs (none while the activations are being collected).
	 */
	public SparseAutoencoder trainSparseAutoencoder(List<long[]> dataset, String hookName, int dictionarySize,
			double l1Coefficient, int epochs, double learningRate, long seed) {
		checkDataset(dataset);
		HookName hook = HookActivations.resolve(this.model, hookName);
		checkRange("dictionarySize", dictionarySize, 1, MAX_DICTIONARY_SIZE);
		checkRange("epochs", epochs, 1, MAX_EPOCHS);
		if (!(l1Coefficient >= 0) || Double.isInfinite(l1Coefficient)) {
			throw new IllegalArgumentException(
					"l1Coefficient = %s is out of range: valid values are finite and >= 0".formatted(l1Coefficient));
		}
		if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
			throw new IllegalArgumentException(
					"learningRate = %s is out of range: valid values are finite and > 0".formatted(learningRate));
		}
		HookActivations activations = HookActivations.collect(this.model, hook, dataset);
		try (ForwardContext context = this.model.newContext(Hooks.none())) {
			return new SparseAutoencoderTrainer(dictionarySize, l1Coefficient, epochs, learningRate, seed)
				.train(hook.toString(), activations, context.manager());
		}
	}

	/**
	 * The top {@code components} principal components of the activations at
	 * {@code hookName}, with the projection of every activation onto them.
	 */
	public PrincipalComponents pca(List<long[]> dataset, String hookName, int components) {
		checkDataset(dataset);
		HookName hook = HookActivations.resolve(this.model, hookName);
		HookActivations activations = HookActivations.collect(this.model, hook, dataset);
		int width = activations.width();
		if (width > MAX_PCA_WIDTH) {
			throw new IllegalArgumentException(
					("hookName = %s is %d wide; pca decomposes its covariance on the host and accepts widths up to %d "
							+ "(train_sparse_autoencoder has no such limit)")
						.formatted(hook, width, MAX_PCA_WIDTH));
		}
		checkRange("components", components, 1, width);
		if (activations.rows() < 2) {
			throw new IllegalArgumentException(
					"dataset holds %d position; a covariance needs at least 2".formatted(activations.rows()));
		}
		try (ForwardContext context = this.model.newContext(Hooks.none())) {
			return PrincipalComponentAnalysis.of(hook.toString(), activations, components, context.manager());
		}
	}

	/**
	 * Predictions of {@code tokensA} with its activation at {@code hookName} and
	 * {@code position} moved to (1 - t) a + t b, for {@code steps} values of t from 0 to
	 * 1, where b is {@code tokensB}'s activation at the same hook and position.
	 */
	public ConceptInterpolation interpolateConcepts(long[] tokensA, long[] tokensB, String hookName, int steps,
			int position) {
		checkTokens("tokensA", tokensA, 1);
		checkTokens("tokensB", tokensB, 1);
		if (tokensA.length != tokensB.length) {
			throw new IllegalArgumentException(
					"tokensB holds %d tokens; it must hold as many as tokensA (%d), so that position means the same in both"
						.formatted(tokensB.length, tokensA.length));
		}
		HookName hook = HookActivations.resolve(this.model, hookName);
		checkRange("steps", steps, 2, MAX_STEPS);
		checkIndex("position", position, tokensA.length);
		float[] target = HookActivations.at(this.model, hook, tokensB, position);
		int last = tokensA.length - 1;
		float[] weights = new float[steps];
		long[][] topTokens = new long[steps][];
		float[][] topProbabilities = new float[steps][];
		for (int step = 0; step < steps; step++) {
			double t = (double) step / (steps - 1);
			weights[step] = (float) t;
			Hooks hooks = Hooks.none()
				.with(hook, (activation, name) -> ActivationBlend.blend(activation, position, target, t));
			try (RunResult run = this.model.runWithHooks(ModelInput.of(tokensA), hooks)) {
				float[] probabilities = run.output()
					.get(0, last)
					.toType(DataType.FLOAT32, false)
					.softmax(-1)
					.toFloatArray();
				int[] top = ActivationBlend.topIndices(probabilities, Math.min(TOP_K, probabilities.length));
				topTokens[step] = new long[top.length];
				topProbabilities[step] = new float[top.length];
				for (int i = 0; i < top.length; i++) {
					topTokens[step][i] = top[i];
					topProbabilities[step][i] = probabilities[top[i]];
				}
			}
		}
		return new ConceptInterpolation(hook.toString(), position,
				"top-%d next-token predictions (token id, probability) at the last position, one row per t"
					.formatted(TOP_K),
				weights, topTokens, topProbabilities);
	}

	private void checkDataset(List<long[]> dataset) {
		if (dataset.isEmpty()) {
			throw new IllegalArgumentException("dataset must hold at least one token sequence, got none");
		}
		for (int i = 0; i < dataset.size(); i++) {
			checkTokens("dataset[%d]".formatted(i), dataset.get(i), 1);
		}
	}

	private static void checkRange(String parameter, int value, int minimum, int maximum) {
		if (value < minimum || value > maximum) {
			throw new IllegalArgumentException(
					"%s = %d is out of range: valid values are %d..%d".formatted(parameter, value, minimum, maximum));
		}
	}

}
