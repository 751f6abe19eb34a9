package dev.arrakis.tools.knowledge;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.causal.ActivationPatching;
import dev.arrakis.tools.causal.Intervention;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Knowledge neurons on tiny-induction-2l, on a prompt whose next byte the induction
 * circuit predicts: integrated-gradients completeness, and the top neuron matters more
 * than a low-attribution one when zeroed.
 */
class KnowledgeNeuronsTest {

	private static final int HALF = 40;

	/** 40 random printable bytes, then the first 30 again: the next token is byte 30. */
	private static final long[] PROMPT = prompt();

	private static final long TARGET = PROMPT[30];

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void integratedGradientsAreCompleteAndConvergeWithSteps() {
		KnowledgeProber prober = new KnowledgeProber(model);
		double previousError = Double.MAX_VALUE;
		for (int steps : new int[] { 8, 32, 128 }) {
			KnowledgeNeurons result = prober.knowledgeNeurons(PROMPT, TARGET, 1, steps, 5);
			assertThat(result.layers()).hasSize(1);
			KnowledgeNeurons.LayerKnowledgeNeurons layer = result.layers().get(0);
			assertThat(layer.probabilityDifference()).isCloseTo(result.probability() - layer.probabilityAtZero(),
					Offset.offset(1e-12));
			double error = Math.abs(layer.attributionSum() - layer.probabilityDifference());
			assertThat(error).as("steps %d", steps).isLessThan(previousError);
			previousError = error;
			if (steps == 128) {
				// The target is nearly certain (P ~ 0.9999), so P is flat over most of
				// the
				// path and the right Riemann sum converges like 1 / steps.
				assertThat(error).isLessThan(0.05 * Math.abs(layer.probabilityDifference()));
			}
			assertThat(layer.top()).hasSize(5)
				.isSortedAccordingTo((a, b) -> Double.compare(b.attribution(), a.attribution()));
		}
	}

	@Test
	void zeroingTheTopNeuronHurtsMoreThanZeroingALowAttributionNeuron() {
		KnowledgeNeurons result = new KnowledgeProber(model).knowledgeNeurons(PROMPT, TARGET, 1, 64,
				model.config().dMlp());
		List<KnowledgeNeurons.NeuronAttribution> ranked = result.layers().get(0).top();
		KnowledgeNeurons.NeuronAttribution top = ranked.get(0);
		KnowledgeNeurons.NeuronAttribution low = ranked.stream()
			.min(Comparator.comparingDouble(neuron -> Math.abs(neuron.attribution())))
			.orElseThrow();
		// The loss of the appended target token is -log P(target | prompt).
		long[] withTarget = Arrays.copyOf(PROMPT, PROMPT.length + 1);
		withTarget[PROMPT.length] = TARGET;
		Metric targetLoss = Metric.loss(PROMPT.length - 1, PROMPT.length);
		ActivationPatching causal = new ActivationPatching(model);
		double topEffect = causal
			.intervene(withTarget, List.of(new Intervention.NeuronValue(1, top.neuron(), PROMPT.length - 1, 0)),
					targetLoss)
			.effect();
		double lowEffect = causal
			.intervene(withTarget, List.of(new Intervention.NeuronValue(1, low.neuron(), PROMPT.length - 1, 0)),
					targetLoss)
			.effect();
		assertThat(topEffect).isPositive().isGreaterThan(lowEffect);
	}

	private static long[] prompt() {
		SplittableRandom random = new SplittableRandom(3);
		long[] tokens = new long[HALF + 30];
		for (int i = 0; i < HALF; i++) {
			tokens[i] = 32 + random.nextInt(95);
		}
		System.arraycopy(tokens, 0, tokens, HALF, 30);
		return tokens;
	}

}
