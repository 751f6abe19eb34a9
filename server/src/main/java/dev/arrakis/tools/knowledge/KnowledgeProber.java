package dev.arrakis.tools.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.BaseInterpretabilityTool;
import dev.arrakis.tools.ParamSpec;
import dev.arrakis.tools.ResultSpec;
import dev.arrakis.tools.ToolMethod;

/**
 * Linear probes (registry key {@code knowledge}; the seed's {@code k_prober} is the same
 * tool): does a hook's activation at one position linearly encode a label of the
 * sequence? A multinomial logistic regression (Alain and Bengio 2016) is trained on a
 * seeded, stratified part of the sequences and judged on the held-out rest, against the
 * majority-class baseline (Belinkov 2022). Also knowledge neurons (Dai et al. 2022): MLP
 * neurons ranked by integrated gradients of a target token's probability. Activations are
 * read from cached runs and gradients through per-call hooks; the model is not changed.
 */
public final class KnowledgeProber extends BaseInterpretabilityTool {

	private static final int MAX_EPOCHS = 100_000;

	/** The most integration steps: each is one row of a gradient pass. */
	private static final int MAX_STEPS = 1024;

	private static final ParamSpec SEQUENCES = ParamSpec.required("sequences", "tokens[]",
			"token sequences, each with ids in [0, d_vocab); one sample per sequence");

	private static final ParamSpec LABELS = ParamSpec.required("labels", "int[]",
			"one class label per sequence (any integers; at least 2 distinct)");

	private static final ParamSpec POSITION = ParamSpec.optional("position", "int", "-1",
			"position read in every sequence: -1 for each sequence's last token, else in [0, shortest length)");

	private static final List<ParamSpec> TRAINING = List.of(
			ParamSpec.optional("testFraction", "double", "0.25",
					"fraction of each class held out for testing, in (0, 1)"),
			ParamSpec.optional("l2", "double", "0.01",
					"weight penalty (l2 / 2) ||W||^2 on standardised features, >= 0"),
			ParamSpec.optional("epochs", "int", "500", "full-batch gradient steps, in [1, 100000]"),
			ParamSpec.optional("seed", "long", "0", "seed of the train/test split"));

	private final String key;

	public KnowledgeProber(HookedAutoModel model) {
		this(model, "knowledge");
	}

	/**
	 * Under another registry key: the original Arrakis registered this tool twice, as
	 * {@code knowledge} and {@code k_prober}.
	 */
	public KnowledgeProber(HookedAutoModel model, String key) {
		super(model);
		this.key = key;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public String description() {
		return "Linear probes (held-out accuracy of a logistic regression that reads a label from activations) and "
				+ "knowledge neurons (integrated gradients over MLP neurons).";
	}

	@Override
	public List<ToolMethod> methods() {
		List<ParamSpec> probeParams = new ArrayList<>(List.of(SEQUENCES, LABELS, ParamSpec.required("hookName",
				"string", "a hook shaped [batch, pos, feature], e.g. blocks.0.hook_resid_post"), POSITION));
		probeParams.addAll(TRAINING);
		List<ParamSpec> sweepParams = new ArrayList<>(List.of(SEQUENCES, LABELS, POSITION));
		sweepParams.addAll(TRAINING);
		return List.of(new ToolMethod("train_probe",
				"Multinomial logistic regression (softmax, L2-penalised, full-batch Nesterov gradient descent) on the "
						+ "hook's activation at the position, features standardised with training statistics; "
						+ "seeded stratified split; train and held-out accuracy, held-out cross-entropy, the "
						+ "majority-class baseline and the weights.",
				probeParams,
				new ResultSpec("ProbeResult", "[n_classes, d_feature]", "accuracy in [0, 1]; cross-entropy in nats")),
				new ToolMethod("probe_all_layers",
						"train_probe on blocks.L.hook_resid_post of every layer with one split: held-out accuracy "
								+ "per layer (the standard layer sweep).",
						sweepParams, new ResultSpec("LayerSweep", "[n_layers]", "accuracy in [0, 1]")),
				new ToolMethod("knowledge_neurons",
						"Knowledge neurons (Dai et al. 2022): integrated gradients of P(targetToken | prompt) at the "
								+ "last position over the MLP neurons (hook_post) at the last position, "
								+ "Attr(n) = a_n (1 / steps) sum_{k=1..steps} dP/da_n at (k / steps) a, the layer's "
								+ "neurons scaled together; per layer the top-k neurons and the completeness check "
								+ "sum Attr = P(a) - P(0).",
						List.of(ParamSpec.required("prompt", "tokens", "token ids, each in [0, d_vocab)"),
								ParamSpec.required("targetToken", "long", "token id in [0, d_vocab)"),
								ParamSpec.optional("layer", "int", "-1", "layer index in [0, n_layers), or -1 for all"),
								ParamSpec.optional("steps", "int", "20", "integration steps, in [1, 1024]"),
								ParamSpec.optional("topK", "int", "10", "neurons reported per layer, in [1, d_mlp]")),
						new ResultSpec("KnowledgeNeurons", "[n_layers or 1, topK]",
								"attribution in probability units; sums approximate P(a) - P(0)")));
	}

	@Override
	public Object invoke(String method, Map<String, ?> params) {
		Arguments args = Arguments.of(this, method, params);
		return switch (args.method()) {
			case "train_probe" -> trainProbe(args.tokenLists("sequences"), args.integers("labels"),
					args.string("hookName"), args.integer("position"), args.real("testFraction"), args.real("l2"),
					args.integer("epochs"), args.longValue("seed"));
			case "probe_all_layers" ->
				probeAllLayers(args.tokenLists("sequences"), args.integers("labels"), args.integer("position"),
						args.real("testFraction"), args.real("l2"), args.integer("epochs"), args.longValue("seed"));
			case "knowledge_neurons" -> knowledgeNeurons(args.tokens("prompt"), args.longValue("targetToken"),
					args.integer("layer"), args.integer("steps"), args.integer("topK"));
			default -> throw args.notDispatched();
		};
	}

	/**
	 * Trains a probe for {@code labels} on the activation of {@code hookName} at
	 * {@code position} (-1: each sequence's last token) and measures it on the held-out
	 * sequences.
	 */
	public ProbeResult trainProbe(List<long[]> sequences, int[] labels, String hookName, int position,
			double testFraction, double l2, int epochs, long seed) {
		HookName hook = perPositionHook(hookName);
		Task task = task(sequences, labels, position, testFraction, l2, epochs, seed);
		double[][] features = activations(sequences, List.of(hook), position).get(hook);
		Fit fit = task.fit(features);
		SoftmaxRegression probe = fit.probe();
		return new ProbeResult(hook.toString(), position, task.describe(hook.toString()), task.classes(),
				task.counts(task.split().train()), task.counts(task.split().test()), fit.trainAccuracy(),
				fit.testAccuracy(), fit.testCrossEntropy(), task.majorityBaseline(), toFloats(probe.weights()),
				toFloats(probe.bias()), toFloats(probe.mean()), toFloats(probe.scale()), l2, epochs, seed);
	}

	/**
	 * {@link #trainProbe} on {@code blocks.L.hook_resid_post} of every layer, with the
	 * same split for all.
	 * <p>
	 * Partial result ({@link ForwardWatch#reportPartial}): after each layer's probe, a
	 * {@link LayerSweep} of the layers probed so far: the first entries of {@code hooks}
	 * and of the per-layer accuracies, equal to the final result's (none while the
	 * activations are being collected); the last report is the result.
	 */
	public LayerSweep probeAllLayers(List<long[]> sequences, int[] labels, int position, double testFraction, double l2,
			int epochs, long seed) {
		Task task = task(sequences, labels, position, testFraction, l2, epochs, seed);
		int layers = this.model.config().nLayers();
		List<HookName> hooks = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			hooks.add(HookName.residPost(layer));
		}
		Map<HookName, double[][]> features = activations(sequences, hooks, position);
		float[] trainAccuracy = new float[layers];
		float[] testAccuracy = new float[layers];
		float[] testCrossEntropy = new float[layers];
		for (int layer = 0; layer < layers; layer++) {
			Fit fit = task.fit(features.get(hooks.get(layer)));
			trainAccuracy[layer] = (float) fit.trainAccuracy();
			testAccuracy[layer] = (float) fit.testAccuracy();
			testCrossEntropy[layer] = (float) fit.testCrossEntropy();
			int done = layer + 1;
			ForwardWatch
				.reportPartial(layerSweep(task, hooks.subList(0, done), position, Arrays.copyOf(trainAccuracy, done),
						Arrays.copyOf(testAccuracy, done), Arrays.copyOf(testCrossEntropy, done)));
		}
		return layerSweep(task, hooks, position, trainAccuracy, testAccuracy, testCrossEntropy);
	}

	/** The sweep over {@code hooks}, the layers probed: all, or the first ones so far. */
	private static LayerSweep layerSweep(Task task, List<HookName> hooks, int position, float[] trainAccuracy,
			float[] testAccuracy, float[] testCrossEntropy) {
		return new LayerSweep(hooks.stream().map(HookName::toString).toList(), position,
				task.describe("blocks.L.hook_resid_post of every layer"), task.classes(),
				task.counts(task.split().train()), task.counts(task.split().test()), trainAccuracy, testAccuracy,
				testCrossEntropy, task.majorityBaseline());
	}

	/**
	 * Knowledge neurons (Dai et al. 2022): ranks the MLP neurons of {@code layer} (-1:
	 * every layer) by the integrated gradients of P({@code targetToken} | prompt) at the
	 * last position, each neuron's activation there scaled from 0 to its value in
	 * {@code steps} steps (see {@link NeuronIntegratedGradients}).
	 * @throws IllegalArgumentException if the prompt is empty or out of the vocabulary,
	 * or targetToken, layer, steps or topK are out of range
	 */
	public KnowledgeNeurons knowledgeNeurons(long[] prompt, long targetToken, int layer, int steps, int topK) {
		checkTokens("prompt", prompt, 1);
		checkIndex("targetToken", targetToken, this.model.config().dVocab());
		int layers = this.model.config().nLayers();
		if (layer < -1 || layer >= layers) {
			throw new IllegalArgumentException("layer = %d is out of range: valid values are -1 (every layer) or 0..%d"
				.formatted(layer, layers - 1));
		}
		if (steps < 1 || steps > MAX_STEPS) {
			throw new IllegalArgumentException(
					"steps = %d is out of range: valid values are 1..%d".formatted(steps, MAX_STEPS));
		}
		if (topK < 1 || topK > this.model.config().dMlp()) {
			throw new IllegalArgumentException(
					"topK = %d is out of range: valid values are 1..%d".formatted(topK, this.model.config().dMlp()));
		}
		List<Integer> attributed = layer == -1 ? IntStream.range(0, layers).boxed().toList() : List.of(layer);
		return new NeuronIntegratedGradients(this.model).attribute(prompt, targetToken, attributed, steps, topK);
	}

	private HookName perPositionHook(String hookName) {
		HookName hook = HookName.parse(hookName, this.model.hookNames());
		String[] dims = hook.point().dims().split(" ");
		if (dims.length != 3 || !dims[1].equals("pos")) {
			throw new IllegalArgumentException(
					"hookName = %s has dimensions [%s]; a probe needs a hook shaped [batch, pos, feature], "
						.formatted(hook, String.join(", ", dims)) + "e.g. blocks.0.hook_resid_post");
		}
		return hook;
	}

	private Task task(List<long[]> sequences, int[] labels, int position, double testFraction, double l2, int epochs,
			long seed) {
		if (sequences.isEmpty()) {
			throw new IllegalArgumentException("sequences must hold at least one sequence");
		}
		if (labels.length != sequences.size()) {
			throw new IllegalArgumentException(
					"labels holds %d entries but sequences holds %d: there must be one label per sequence"
						.formatted(labels.length, sequences.size()));
		}
		if (position < -1) {
			throw new IllegalArgumentException(
					"position = %d is out of range: use -1 for each sequence's last token, or a position >= 0"
						.formatted(position));
		}
		for (int i = 0; i < sequences.size(); i++) {
			long[] sequence = checkTokens("sequences[%d]".formatted(i), sequences.get(i), 1);
			if (position >= sequence.length) {
				throw new IllegalArgumentException(
						"position = %d is out of range for sequences[%d] (%d tokens): valid values are -1 (last) or 0..%d"
							.formatted(position, i, sequence.length, sequence.length - 1));
			}
		}
		if (!(testFraction > 0 && testFraction < 1)) {
			throw new IllegalArgumentException(
					"testFraction = %s is out of range: valid values are strictly between 0 and 1"
						.formatted(testFraction));
		}
		if (!(l2 >= 0 && Double.isFinite(l2))) {
			throw new IllegalArgumentException(
					"l2 = %s is out of range: it must be a finite number >= 0".formatted(l2));
		}
		if (epochs < 1 || epochs > MAX_EPOCHS) {
			throw new IllegalArgumentException(
					"epochs = %d is out of range: valid values are 1..%d".formatted(epochs, MAX_EPOCHS));
		}
		int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
		if (classes.length < 2) {
			throw new IllegalArgumentException("labels must hold at least 2 distinct classes to probe for, got only %s"
				.formatted(Arrays.toString(classes)));
		}
		int[] classOf = Arrays.stream(labels).map(label -> Arrays.binarySearch(classes, label)).toArray();
		StratifiedSplit split = StratifiedSplit.of(classOf, classes.length, testFraction, seed);
		if (split.test().length == 0) {
			throw new IllegalArgumentException(
					"testFraction = %s holds out no sequence of %d (every class keeps at least one for training); "
						.formatted(testFraction, labels.length) + "use more sequences or a larger testFraction");
		}
		return new Task(classes, classOf, split, position, l2, epochs);
	}

	/**
	 * Each hook's activation at the probed position of every sequence,
	 * [sequence][feature].
	 */
	private Map<HookName, double[][]> activations(List<long[]> sequences, List<HookName> hooks, int position) {
		Integer stopAtLayer = hooks.stream().allMatch(hook -> hook.point().perBlock())
				? hooks.stream().mapToInt(HookName::layer).max().getAsInt() + 1 : null;
		Map<HookName, double[][]> features = new LinkedHashMap<>();
		hooks.forEach(hook -> features.put(hook, new double[sequences.size()][]));
		for (int i = 0; i < sequences.size(); i++) {
			long[] tokens = sequences.get(i);
			int at = position == -1 ? tokens.length - 1 : position;
			try (RunResult run = this.model.runWithCache(ModelInput.of(tokens), HookFilter.of(hooks::contains),
					stopAtLayer)) {
				for (HookName hook : hooks) {
					HostTensor value = run.cache().toHost(hook, Narrowing.positions(at));
					double[] row = new double[value.data().length];
					for (int d = 0; d < row.length; d++) {
						row[d] = value.data()[d];
					}
					features.get(hook)[i] = row;
				}
			}
		}
		return features;
	}

	private static float[][] toFloats(double[][] values) {
		return Arrays.stream(values).map(KnowledgeProber::toFloats).toArray(float[][]::new);
	}

	private static float[] toFloats(double[] values) {
		float[] floats = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			floats[i] = (float) values[i];
		}
		return floats;
	}

	private record Fit(SoftmaxRegression probe, double trainAccuracy, double testAccuracy, double testCrossEntropy) {
	}

	/** The checked labels, their split and the training settings. */
	private record Task(int[] classes, int[] classOf, StratifiedSplit split, int position, double l2, int epochs) {

		Fit fit(double[][] features) {
			SoftmaxRegression probe = SoftmaxRegression.train(features, this.classOf, this.split.train(),
					this.classes.length, this.l2, this.epochs);
			double crossEntropy = 0;
			for (int row : this.split.test()) {
				crossEntropy -= probe.logProbabilities(features[row])[this.classOf[row]];
			}
			return new Fit(probe, accuracy(probe, features, this.split.train()),
					accuracy(probe, features, this.split.test()), crossEntropy / this.split.test().length);
		}

		private double accuracy(SoftmaxRegression probe, double[][] features, int[] rows) {
			long correct = Arrays.stream(rows).filter(row -> probe.predict(features[row]) == this.classOf[row]).count();
			return (double) correct / rows.length;
		}

		/** Held-out accuracy of predicting the training set's most frequent class. */
		double majorityBaseline() {
			int[] trainCounts = counts(this.split.train());
			int majority = 0;
			for (int c = 1; c < trainCounts.length; c++) {
				if (trainCounts[c] > trainCounts[majority]) {
					majority = c;
				}
			}
			return (double) counts(this.split.test())[majority] / this.split.test().length;
		}

		int[] counts(int[] rows) {
			int[] counts = new int[this.classes.length];
			for (int row : rows) {
				counts[this.classOf[row]]++;
			}
			return counts;
		}

		String describe(String hook) {
			String where = this.position == -1 ? "the last token" : "position " + this.position;
			return ("linear probe: multinomial logistic regression on standardised activations of %s at %s "
					+ "(L2 = %s, %d full-batch Nesterov gradient steps); accuracy = fraction of held-out sequences "
					+ "classified correctly")
				.formatted(hook, where, this.l2, this.epochs);
		}

	}

}
