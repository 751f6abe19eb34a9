package dev.arrakis.tools.knowledge;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.causal.ActivationPatching;
import dev.arrakis.tools.causal.Intervention;
import dev.arrakis.tools.causal.InterventionResult;

import static org.assertj.core.api.Assertions.assertThat;

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
	void explore() {
		KnowledgeProber prober = new KnowledgeProber(model);
		for (int steps : new int[] { 4, 8, 16, 32, 64, 128 }) {
			KnowledgeNeurons result = prober.knowledgeNeurons(PROMPT, TARGET, -1, steps, 5);
			for (KnowledgeNeurons.LayerKnowledgeNeurons layer : result.layers()) {
				System.out.println(steps + " p=" + result.probability() + " L" + layer.layer() + " sum "
						+ layer.attributionSum() + " diff " + layer.probabilityDifference() + " top " + layer.top());
			}
		}
		KnowledgeNeurons result = prober.knowledgeNeurons(PROMPT, TARGET, -1, 64, 512);
		ActivationPatching causal = new ActivationPatching(model);
		Metric metric = Metric.logitDifference(PROMPT.length - 1, TARGET, (TARGET + 1) % 256);
		for (KnowledgeNeurons.LayerKnowledgeNeurons layer : result.layers()) {
			List<KnowledgeNeurons.NeuronAttribution> all = layer.top();
			for (KnowledgeNeurons.NeuronAttribution n : List.of(all.get(0), all.get(1), all.get(all.size() / 2),
					all.get(all.size() - 1))) {
				InterventionResult r = causal.intervene(PROMPT,
						List.of(new Intervention.NeuronValue(n.layer(), n.neuron(), PROMPT.length - 1, 0)), metric);
				System.out.println(n + " zeroed effect " + r.effect());
			}
		}
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
