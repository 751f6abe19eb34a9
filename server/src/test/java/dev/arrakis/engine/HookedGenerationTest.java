package dev.arrakis.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.generation.Sampler;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generation with hooks (the prompt pass's and the generated tokens' passes') on the
 * bundled GPT-2 equals a loop of full forwards with the same hook over the growing
 * sequence, token for token: the KV cache holds what the hooks made.
 */
class HookedGenerationTest {

	private static final HookName MLP_OUT_3 = HookName.of(HookPoint.MLP_OUT, 3);

	private static final HookFn ZERO = (activation, name) -> activation.zerosLike();

	private static final GenerationOptions GREEDY = new GenerationOptions(12, 0, 0, 1, 0, false);

	private static final GenerationOptions SAMPLED = new GenerationOptions(12, 0.8, 20, 0.95, 7, false);

	private static HookedAutoModel model;

	private static long[] prompt;

	private static long[] otherPrompt;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(ReferenceData.bundledModel("tiny-gpt2-bytes"),
				new LoadOptions(DType.FLOAT32, "cpu"));
		prompt = model.tokenizer().encode("    for item in items:", null);
		otherPrompt = model.tokenizer().encode("def main(args): return", null);
		assertThat(otherPrompt).hasSameSizeAs(prompt);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void greedyWithAHookEqualsFullForwardsWithThatHook() {
		Hooks zeroed = Hooks.none().with(MLP_OUT_3, ZERO);
		long[] steered = model.generate(ModelInput.of(prompt), GREEDY, zeroed, zeroed)[0];
		long[] plain = model.generate(ModelInput.of(prompt), GREEDY)[0];

		assertThat(steered).containsExactly(reference(prompt, GREEDY, zeroed));
		assertThat(steered).as("the hook changes the greedy tokens").isNotEqualTo(plain);
	}

	@Test
	void withoutHooksGenerationIsTheFullForwardLoop() {
		long[] plain = model.generate(ModelInput.of(prompt), GREEDY)[0];

		assertThat(plain).containsExactly(reference(prompt, GREEDY, Hooks.none()));
		assertThat(model.generate(ModelInput.of(prompt), GREEDY, Hooks.none(), Hooks.none())[0]).containsExactly(plain);
	}

	@Test
	void samplingWithAHookEqualsFullForwardsWithThatHook() {
		Hooks zeroed = Hooks.none().with(MLP_OUT_3, ZERO);

		assertThat(model.generate(ModelInput.of(prompt), SAMPLED, zeroed, zeroed)[0])
			.containsExactly(reference(prompt, SAMPLED, zeroed));
	}

	@Test
	void eachRowOfABatchIsSteeredAsItWouldBeAlone() {
		Hooks zeroed = Hooks.none().with(MLP_OUT_3, ZERO);
		long[][] batch = model.generate(ModelInput.of(prompt, otherPrompt), GREEDY, zeroed, zeroed);

		assertThat(batch[0]).containsExactly(reference(prompt, GREEDY, zeroed));
		assertThat(batch[1]).containsExactly(reference(otherPrompt, GREEDY, zeroed));
	}

	@Test
	void promptHooksRunOnThePromptPassOnlyAndTokenHooksOnEveryLaterPass() {
		List<Long> promptPassLengths = new ArrayList<>();
		List<Long> tokenPassLengths = new ArrayList<>();
		Hooks promptPass = Hooks.none().with(MLP_OUT_3, (activation, name) -> {
			promptPassLengths.add(activation.getShape().get(1));
			return activation.zerosLike();
		});
		Hooks tokenPasses = Hooks.none().with(MLP_OUT_3, (activation, name) -> {
			tokenPassLengths.add(activation.getShape().get(1));
			return activation;
		});
		long[] generated = model.generate(ModelInput.of(prompt), GREEDY, promptPass, tokenPasses)[0];

		assertThat(promptPassLengths).containsExactly((long) prompt.length);
		assertThat(tokenPassLengths).hasSize(GREEDY.maxNewTokens() - 1).containsOnly(1L);
		// Only the first token sees the hook's own logits; later passes run unhooked but
		// read the prompt's hooked keys and values from the cache.
		long[] plain = model.generate(ModelInput.of(prompt), GREEDY)[0];
		long[] steered = model.generate(ModelInput.of(prompt), GREEDY, promptPass, promptPass)[0];
		assertThat(generated[prompt.length]).isEqualTo(steered[prompt.length]);
		assertThat(generated).isNotEqualTo(plain);
	}

	/**
	 * What generation should give: a full forward with {@code hooks} over the whole
	 * sequence so far for each new token, sampling from the last position's logits.
	 */
	private static long[] reference(long[] start, GenerationOptions options, Hooks hooks) {
		Sampler sampler = new Sampler(options);
		long[] sequence = start;
		for (int step = 0; step < options.maxNewTokens(); step++) {
			float[] last;
			try (RunResult run = model.runWithHooks(ModelInput.of(sequence), hooks)) {
				last = run.output().get(new NDIndex("0, -1, :")).toType(DataType.FLOAT32, false).toFloatArray();
			}
			sequence = Arrays.copyOf(sequence, sequence.length + 1);
			sequence[sequence.length - 1] = sampler.next(last);
		}
		return sequence;
	}

}
