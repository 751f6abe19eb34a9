package dev.arrakis.tools.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.GradientRun;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Input attribution for one logit f = logit[position, targetToken]. The input is the
 * embedding the model adds up at each position: hook_embed, plus hook_pos_embed for
 * learned positions. Gradient x input: sum over d_model of x . df/dx. Integrated
 * gradients from the zero baseline: sum over d_model of x . (1 / steps) sum_{k=1..steps}
 * df/dx at ((k - 1/2) / steps) x, every input embedding scaled together; the steps run as
 * the rows of one gradient pass. The midpoint rule, rather than the right Riemann sum,
 * because normalisation makes f change fastest close to the zero baseline, where the
 * right sum samples least. Inputs are checked by the caller
 * ({@link ActivationPatching#inputAttribution}).
 */
final class InputAttribution {

	private final HookedAutoModel model;

	InputAttribution(HookedAutoModel model) {
		this.model = model;
	}

	InputAttributionResult attribute(long[] tokens, int position, long targetToken, int steps) {
		List<HookName> inputs = new ArrayList<>(List.of(HookName.of(HookPoint.EMBED)));
		if (this.model.config().positional().learned()) {
			inputs.add(HookName.of(HookPoint.POS_EMBED));
		}
		float[] gradientTimesInput;
		double logit;
		float[] integrated;
		long[][] rows = new long[steps][];
		Arrays.fill(rows, tokens);
		Hooks scaled = Hooks.none();
		for (HookName input : inputs) {
			scaled = scaled.with(input, (embedding, name) -> scaleRows(embedding, steps));
		}
		Map<HookName, NDArray> inputValues = new HashMap<>();
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			try (GradientRun run = this.model.gradients(ModelInput.of(tokens), Hooks.none(), inputs,
					logits -> logitSum(logits, position, targetToken))) {
				logit = run.objective();
				for (HookName input : inputs) {
					NDArray x = run.activation(input).get(0).toType(DataType.FLOAT32, false).duplicate();
					x.attach(scope.manager());
					inputValues.put(input, x);
				}
				gradientTimesInput = perPosition(run, inputValues);
			}
			try (GradientRun run = this.model.gradients(ModelInput.of(rows), scaled, inputs,
					logits -> logitSum(logits, position, targetToken))) {
				integrated = perPosition(run, inputValues);
			}
		}
		Hooks zeroed = Hooks.none();
		for (HookName input : inputs) {
			zeroed = zeroed.with(input, (embedding, name) -> embedding.zerosLike());
		}
		double baseline;
		try (RunResult run = this.model.runWithHooks(ModelInput.of(tokens), zeroed)) {
			baseline = logitSum(run.output(), position, targetToken).getFloat();
		}
		double sum = 0;
		for (float value : integrated) {
			sum += value;
		}
		return new InputAttributionResult("logit[%d] at position %d".formatted(targetToken, position), position,
				targetToken, ActivationPatching.labels("", tokens.length), tokens.clone(), gradientTimesInput,
				integrated, steps, logit, baseline, sum);
	}

	/** The sum over batch rows of logit[row, position, targetToken], float32. */
	private static NDArray logitSum(NDArray logits, int position, long targetToken) {
		return logits.get(new NDIndex(":, {}, {}", position, targetToken)).toType(DataType.FLOAT32, false).sum();
	}

	/** Row r of [steps, pos, d] times (r + 1/2) / steps (the midpoint rule). */
	private static NDArray scaleRows(NDArray embedding, int steps) {
		float[] alphas = new float[steps];
		for (int k = 0; k < steps; k++) {
			alphas[k] = (k + 0.5f) / steps;
		}
		NDArray alpha = embedding.getManager()
			.create(alphas, new Shape(steps, 1, 1))
			.toType(embedding.getDataType(), false);
		return embedding.mul(alpha);
	}

	/**
	 * Per position, the sum over d_model and the inputs of x . (the mean over the run's
	 * rows of df / dx), x being the unscaled input.
	 */
	private static float[] perPosition(GradientRun run, Map<HookName, NDArray> inputValues) {
		@Nullable NDArray total = null;
		for (Map.Entry<HookName, NDArray> input : inputValues.entrySet()) {
			NDArray x = input.getValue();
			NDArray meanGradient = run.gradient(input.getKey()).toType(DataType.FLOAT32, false).mean(new int[] { 0 });
			NDArray products = x.mul(meanGradient).sum(new int[] { -1 });
			total = total == null ? products : total.add(products);
		}
		return Objects.requireNonNull(total, "no input hook").toFloatArray();
	}

}
