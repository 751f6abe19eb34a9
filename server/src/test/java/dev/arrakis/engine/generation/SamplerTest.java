package dev.arrakis.engine.generation;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplerTest {

	private static final float[] LOGITS = { 0f, 3f, 1f, 3f, -2f };

	@Test
	void greedyTakesTheFirstLargestLogit() {
		assertThat(new Sampler(GenerationOptions.greedy(1)).next(LOGITS)).isEqualTo(1);
	}

	@Test
	void topKOneIsGreedyWhateverTheTemperature() {
		Sampler sampler = new Sampler(GenerationOptions.sampled(1, 5.0, 1, 1.0, 7));
		for (int i = 0; i < 100; i++) {
			assertThat(sampler.next(LOGITS)).isEqualTo(1);
		}
	}

	@Test
	void topPKeepsOnlyTheNucleus() {
		// softmax of LOGITS: p(1) = p(3) = 0.4576, p(2) = 0.0619, p(0) = 0.0228, p(4) =
		// 0.0015; top-p 0.9 keeps {1, 3}.
		Sampler sampler = new Sampler(GenerationOptions.sampled(1, 1.0, 0, 0.9, 11));
		Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			seen.add(sampler.next(LOGITS));
		}
		assertThat(seen).containsExactlyInAnyOrder(1, 3);
	}

	@Test
	void samplingFollowsTheSoftmaxDistribution() {
		Sampler sampler = new Sampler(GenerationOptions.sampled(1, 1.0, 0, 1.0, 3));
		int draws = 200_000;
		int[] counts = new int[LOGITS.length];
		for (int i = 0; i < draws; i++) {
			counts[sampler.next(LOGITS)]++;
		}
		double normaliser = 0;
		for (float logit : LOGITS) {
			normaliser += Math.exp(logit);
		}
		for (int token = 0; token < LOGITS.length; token++) {
			double expected = Math.exp(LOGITS[token]) / normaliser;
			double standardError = Math.sqrt(expected * (1 - expected) / draws);
			assertThat((double) counts[token] / draws).as("frequency of token %d", token)
				.isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * standardError + 1e-9));
		}
	}

	@Test
	void theSameSeedGivesTheSameSampleAndTheKvCacheMatchesAFullRecompute() throws IOException {
		try (HookedAutoModel model = HookedAutoModel.load(
				java.nio.file.Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"))) {
			ModelInput prompt = ModelInput.of(new long[] { 100, 101, 102, 32 });
			GenerationOptions options = new GenerationOptions(12, 0.8, 40, 0.95, 1234, false);
			long[][] first = model.generate(prompt, options);
			assertThat(model.generate(prompt, options)).isEqualTo(first);
			assertThat(model.generate(prompt, new GenerationOptions(12, 0.8, 40, 0.95, 99, false))).isNotEqualTo(first);
			// Greedy with the cache equals greedy by re-running the whole sequence each
			// step.
			long[] sequence = prompt.tokens()[0];
			for (int step = 0; step < 8; step++) {
				try (var run = model.runWithHooks(ModelInput.of(sequence), dev.arrakis.engine.hooks.Hooks.none())) {
					float[] last = run.output().get(new ai.djl.ndarray.index.NDIndex("0, -1, :")).toFloatArray();
					sequence = java.util.Arrays.copyOf(sequence, sequence.length + 1);
					sequence[sequence.length - 1] = Sampler.argmax(last);
				}
			}
			assertThat(model.generate(prompt, new GenerationOptions(8, 0, 0, 1, 0, false))[0])
				.containsExactly(sequence);
		}
	}

	@Test
	void invalidOptionsNameTheParameter() {
		assertThatThrownBy(() -> new GenerationOptions(-1, 0, 0, 1, 0, true)).hasMessageContaining("maxNewTokens");
		assertThatThrownBy(() -> new GenerationOptions(1, -0.5, 0, 1, 0, true)).hasMessageContaining("temperature");
		assertThatThrownBy(() -> new GenerationOptions(1, 1, 0, 0, 0, true)).hasMessageContaining("topP");
	}

}
