package dev.arrakis.engine;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.UnknownHookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * runWithHooks / runWithCache semantics on the bundled GPT-2: scoping, replacement, early
 * stop, and bad input.
 */
class HooksTest {

	private static HookedAutoModel model;

	private static final ModelInput PROMPT = ModelInput.of(new long[] { 100, 101, 102, 32, 102, 40, 110, 41, 58 });

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(ReferenceData.bundledModel("tiny-gpt2-bytes"),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void hooksFromOneCallNeverFireInTheNext() {
		AtomicInteger calls = new AtomicInteger();
		Hooks counting = Hooks.none().with(HookName.residPre(0), (activation, name) -> {
			calls.incrementAndGet();
			return activation;
		});
		model.runWithHooks(PROMPT, counting).close();
		assertThat(calls).hasValue(1);
		float[] plain;
		try (RunResult next = model.runWithHooks(PROMPT, Hooks.none())) {
			plain = next.output().toFloatArray();
			assertThat(next.cache().size()).isZero();
		}
		assertThat(calls).hasValue(1);
		try (RunResult again = model.runWithHooks(PROMPT, Hooks.none())) {
			assertThat(again.output().toFloatArray()).containsExactly(plain);
		}
	}

	@Test
	void aHookThatReplacesAnActivationChangesTheOutputAndOnlyThatCall() {
		float[] before;
		try (RunResult run = model.runWithHooks(PROMPT, Hooks.none())) {
			before = run.output().toFloatArray();
		}
		Hooks zeroAttention = Hooks.caching(HookFilter.parse("blocks.1.hook_attn_out,blocks.1.hook_resid_post"))
			.with(HookName.of(HookPoint.ATTN_OUT, 1), (activation, name) -> activation.zerosLike());
		try (RunResult ablated = model.runWithHooks(PROMPT, zeroAttention)) {
			assertThat(ablated.cache().get("blocks.1.hook_attn_out").abs().max().getFloat()).isZero();
			assertThat(ablated.output().toFloatArray()).isNotEqualTo(before);
		}
		try (RunResult after = model.runWithHooks(PROMPT, Hooks.none())) {
			assertThat(after.output().toFloatArray()).containsExactly(before);
		}
	}

	@Test
	void replacingHeadResultsFeedsTheAttentionOutput() {
		Hooks silenceHeads = Hooks.caching(HookFilter.parse("blocks.1.hook_attn_out"))
			.with(HookName.of(HookPoint.RESULT, 1), (activation, name) -> activation.zerosLike());
		try (RunResult run = model.runWithHooks(PROMPT, silenceHeads)) {
			NDArray attnOut = run.cache().get("blocks.1.hook_attn_out");
			NDArray first = attnOut.get(new ai.djl.ndarray.index.NDIndex("0:1, 0:1, :"));
			// With every head silenced only b_O remains: one vector at every position.
			TensorAssert.assertClose("attn_out with silenced heads", attnOut, first.broadcast(attnOut.getShape()), 0,
					0);
			assertThat(first.abs().max().getFloat()).isPositive();
		}
	}

	@Test
	void residualIdentitiesHoldInTheCache() {
		try (RunResult run = model.runWithCache(PROMPT, HookFilter.all(), null)) {
			NDArray pre = run.cache().get("blocks.2.hook_resid_pre");
			NDArray mid = run.cache().get("blocks.2.hook_resid_mid");
			NDArray post = run.cache().get("blocks.2.hook_resid_post");
			TensorAssert.assertClose("resid_mid = resid_pre + attn_out", mid,
					pre.add(run.cache().get("blocks.2.hook_attn_out")), 1e-6, 0);
			TensorAssert.assertClose("resid_post = resid_mid + mlp_out", post,
					mid.add(run.cache().get("blocks.2.hook_mlp_out")), 1e-6, 0);
			TensorAssert.assertClose("resid_post(2) = resid_pre(3)", post, run.cache().get("blocks.3.hook_resid_pre"),
					0, 0);
			NDArray pattern = run.cache().get("blocks.0.attn.hook_pattern");
			TensorAssert.assertClose("pattern rows sum to 1", pattern.sum(new int[] { -1 }),
					pattern.sum(new int[] { -1 }).onesLike(), 1e-6, 0);
			float[] values = pattern.toFloatArray();
			int length = PROMPT.length();
			for (int q = 0; q < length; q++) {
				for (int k = q + 1; k < length; k++) {
					assertThat(values[q * length + k]).as("causal: query %d key %d", q, k).isZero();
				}
			}
		}
	}

	@Test
	void stopAtLayerReturnsTheResidualStreamIntoThatLayer() {
		HookFilter residuals = HookFilter.parse("blocks.*.hook_resid_pre");
		try (RunResult full = model.runWithCache(PROMPT, residuals, null);
				RunResult stopped = model.runWithCache(PROMPT, residuals, 2)) {
			assertThat(stopped.output().getShape().getLastDimension()).isEqualTo(model.config().dModel());
			TensorAssert.assertClose("stopped output", stopped.output(), full.cache().get("blocks.2.hook_resid_pre"), 0,
					0);
			assertThat(stopped.cache().names()).noneMatch(n -> n.layer() >= 2 || n.point() == HookPoint.LOGITS);
		}
	}

	@Test
	void arrakisAliasesReadTheSameActivations() {
		try (RunResult run = model.runWithCache(PROMPT, HookFilter.all(), null)) {
			assertThat(run.cache().get("h.1.hook_resid_pre")).isSameAs(run.cache().get("blocks.1.hook_resid_pre"));
			assertThat(run.cache().get("h.1.mlp.hook_result_post")).isSameAs(run.cache().get("blocks.1.hook_mlp_out"));
			assertThat(run.cache().get("h.1.attn.hook_result_pre"))
				.isSameAs(run.cache().get("blocks.1.ln1.hook_normalized"));
		}
	}

	@Test
	void badInputIsAClearErrorAndTheModelStillWorks() {
		assertThatThrownBy(() -> model.runWithHooks(ModelInput.of(new long[] { 1, 256 }), Hooks.none()))
			.isInstanceOf(TokenOutOfVocabularyException.class)
			.hasMessageContaining("256")
			.hasMessageContaining("[0, 256)");
		assertThatThrownBy(() -> model.runWithHooks(ModelInput.of(new long[300]), Hooks.none()))
			.hasMessageContaining("context is 256 tokens");
		assertThatThrownBy(() -> model.runWithCache(PROMPT, HookFilter.all(), 5)).hasMessageContaining("[0, 4]");
		Hooks wrongShape = Hooks.none().with(HookName.residPre(0), (activation, name) -> activation.sum());
		assertThatThrownBy(() -> model.runWithHooks(PROMPT, wrongShape))
			.hasMessageContaining("blocks.0.hook_resid_pre");
		try (RunResult run = model.runWithCache(PROMPT, HookFilter.all(), null)) {
			assertThatThrownBy(() -> run.cache().get("blocks.0.attn.hook_patern"))
				.isInstanceOf(UnknownHookException.class)
				.hasMessageContaining("blocks.0.attn.hook_pattern");
		}
		try (RunResult run = model.runWithHooks(PROMPT, Hooks.none())) {
			assertThat(run.output().getShape().get(2)).isEqualTo(256);
		}
	}

}
