package dev.arrakis.tools.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.GradientRun;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Labels;
import dev.arrakis.tools.knowledge.KnowledgeNeurons.LayerKnowledgeNeurons;
import dev.arrakis.tools.knowledge.KnowledgeNeurons.NeuronAttribution;

/**
 * Integrated gradients over a layer's MLP neurons (Dai et al. 2022, "Knowledge Neurons in
 * Pretrained Transformers"): with a the layer's hook_post at the last position and P the
 * probability of the target token there, Attr(n) = a_n (1 / steps) sum_{k=1..steps}
 * dP/da_n at (k / steps) a, all of the layer's neurons at that position scaled together.
 * The steps run as the rows of one gradient pass per layer. Inputs are checked by the
 * caller ({@link KnowledgeProber#knowledgeNeurons}).
 */
final class NeuronIntegratedGradients {

	private final HookedAutoModel model;

	NeuronIntegratedGradients(HookedAutoModel model) {
		this.model = model;
	}

	KnowledgeNeurons attribute(long[] prompt, long targetToken, List<Integer> layers, int steps, int topK) {
		int last = prompt.length - 1;
		double probability;
		try (RunResult run = this.model.runWithHooks(ModelInput.of(prompt), Hooks.none())) {
			probability = probability(run.output(), last, targetToken).getFloat();
		}
		List<LayerKnowledgeNeurons> results = new ArrayList<>();
		for (int layer : layers) {
			HookName post = HookName.of(HookPoint.MLP_POST, layer);
			long[][] rows = new long[steps][];
			Arrays.fill(rows, prompt);
			Hooks scaled = Hooks.none().with(post, (activation, name) -> scaleLast(activation, steps));
			float[] activation;
			float[] attribution;
			try (GradientRun run = this.model.gradients(ModelInput.of(rows), scaled, List.of(post),
					logits -> probability(logits, last, targetToken).sum())) {
				// The last row is scaled by steps / steps: its activation is a itself.
				NDArray a = run.activation(post).get(new NDIndex("{}, {}, :", steps - 1, last));
				NDArray meanGradient = run.gradient(post).get(new NDIndex(":, {}, :", last)).mean(new int[] { 0 });
				activation = a.toType(DataType.FLOAT32, false).toFloatArray();
				attribution = a.toType(DataType.FLOAT32, false)
					.mul(meanGradient.toType(DataType.FLOAT32, false))
					.toFloatArray();
			}
			double atZero;
			Hooks zeroed = Hooks.none().with(post, (values, name) -> scaleLastBy(values, 0f));
			try (RunResult run = this.model.runWithHooks(ModelInput.of(prompt), zeroed)) {
				atZero = probability(run.output(), last, targetToken).getFloat();
			}
			double sum = 0;
			for (float value : attribution) {
				sum += value;
			}
			List<NeuronAttribution> top = IntStream.range(0, attribution.length)
				.boxed()
				.sorted(Comparator.comparingDouble(neuron -> -attribution[neuron]))
				.limit(topK)
				.map(neuron -> new NeuronAttribution(Labels.neuron(layer, neuron), layer, neuron, activation[neuron],
						attribution[neuron]))
				.toList();
			results.add(new LayerKnowledgeNeurons(layer, top, sum, atZero, probability - atZero));
		}
		return new KnowledgeNeurons(
				"integrated gradients of P(token %d) at the last position over hook_post at the last position"
					.formatted(targetToken),
				targetToken, probability, steps, results);
	}

	/** softmax(logits[:, position])[token] per row, float32 [batch]. */
	private static NDArray probability(NDArray logits, int position, long token) {
		return logits.get(new NDIndex(":, {}, :", position))
			.toType(DataType.FLOAT32, false)
			.softmax(-1)
			.get(new NDIndex(":, {}", token));
	}

	/**
	 * Row r of hook_post [steps, pos, d_mlp] at the last position times (r + 1) / steps.
	 */
	private static NDArray scaleLast(NDArray activation, int steps) {
		int positions = (int) activation.getShape().get(1);
		float[] factors = new float[steps * positions];
		Arrays.fill(factors, 1f);
		for (int row = 0; row < steps; row++) {
			factors[row * positions + positions - 1] = (row + 1f) / steps;
		}
		return activation.mul(activation.getManager()
			.create(factors, new Shape(steps, positions, 1))
			.toType(activation.getDataType(), false));
	}

	/** hook_post [batch, pos, d_mlp] with the last position times {@code factor}. */
	private static NDArray scaleLastBy(NDArray activation, float factor) {
		int positions = (int) activation.getShape().get(1);
		float[] factors = new float[positions];
		Arrays.fill(factors, 1f);
		factors[positions - 1] = factor;
		return activation.mul(activation.getManager()
			.create(factors, new Shape(1, positions, 1))
			.toType(activation.getDataType(), false));
	}

}
