package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Derived models (the base of surgery and pruning) are independent copies: the same
 * weights give the same logits, a model without its last block predicts from the source's
 * earlier residual stream, masked weights act as zeros, and the source never changes.
 */
class DerivedModelTest {

	private static final long[] TOKENS = { 72, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100 };

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-gpt2-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void aCopyPredictsWhatItsSourcePredicts() {
		float[] before = logits(model);
		try (HookedAutoModel copy = model.derive("copy", model.config().withLayers(layers(model)), model::weight)) {
			float[] copied = logits(copy);
			assertThat(copied).hasSameSizeAs(before);
			for (int i = 0; i < before.length; i++) {
				assertThat(copied[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-5f));
			}
			assertThat(copy.parameterCount()).isGreaterThanOrEqualTo(model.parameterCount());
			assertThat(copy.tokenizer()).isNotNull();
		}
		// Closing the copy closed its own tokenizer, not the source's.
		assertThat(model.tokenizer().encode("hi", false)).containsExactly(104, 105);
		assertThat(logits(model)).containsExactly(before);
	}

	@Test
	void withoutItsLastBlockTheModelReadsOutTheEarlierResidualStream() {
		int last = model.config().nLayers() - 1;
		List<Integer> kept = layers(model).subList(0, last);
		float[] expected;
		try (RunResult run = model.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null);
				ForwardContext lens = model.newContext(Hooks.none())) {
			expected = model.transformer()
				.unembedResidual(run.cache().get(HookName.residPost(last - 1)), lens)
				.toFloatArray();
		}
		try (HookedAutoModel shorter = model.derive("shorter", model.config().withLayers(kept),
				(name, into) -> model.weight(name, into))) {
			assertThat(shorter.config().nLayers()).isEqualTo(last);
			float[] got = logits(shorter);
			for (int i = 0; i < expected.length; i++) {
				assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
			}
		}
	}

	@Test
	void maskedWeightsActAsZeros() {
		try (HookedAutoModel pruned = model.derive("pruned", model.config().withLayers(layers(model)),
				(name, into) -> name.equals("blocks.0.mlp.W_in") ? model.weight(name, into).zerosLike()
						: model.weight(name, into));
				RunResult run = pruned.runWithCache(ModelInput.of(TOKENS),
						HookFilter.of(name -> name.point() == HookPoint.MLP_PRE), null);
				ai.djl.ndarray.NDManager scratch = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
			NDArray pre = run.cache().get(HookName.of(HookPoint.MLP_PRE, 0));
			float[] bias = model.weight("blocks.0.mlp.b_in", scratch).toFloatArray();
			float[] values = pre.toFloatArray();
			for (int i = 0; i < values.length; i++) {
				assertThat(values[i]).isEqualTo(bias[i % bias.length]);
			}
		}
	}

	@Test
	void badDerivationsNameWhatIsWrong() {
		assertThatThrownBy(() -> model.derive("bad", model.config().withLayers(layers(model)),
				(name, into) -> name.equals("blocks.0.attn.b_O") ? into.zeros(new Shape(3)) : model.weight(name, into)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("blocks.0.attn.b_O has shape (3)");
		assertThatThrownBy(() -> model.config().withLayers(List.of(0, 9)))
			.hasMessage("layer = 9 is out of range: valid values are 0..%d".formatted(model.config().nLayers() - 1));
		assertThatThrownBy(() -> model.config().withLayers(List.of())).hasMessageContaining("at least one layer");
	}

	private static List<Integer> layers(HookedAutoModel source) {
		return java.util.stream.IntStream.range(0, source.config().nLayers()).boxed().toList();
	}

	private static float[] logits(HookedAutoModel source) {
		try (RunResult run = source.runWithHooks(ModelInput.of(TOKENS), Hooks.none())) {
			return run.output().toFloatArray();
		}
	}

}
