package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Float16 runs agree with float32 runs of the same checkpoint. Stated tolerance: logits
 * within 0.05 + 0.01 |ref| and attention patterns within 5e-3 absolute. Float16 carries
 * 11 significant bits (relative step 2^-11 = 4.9e-4) and errors compound over the blocks;
 * the tiny models' logits reach about 15.
 */
class Float16Test {

	@ParameterizedTest
	@ValueSource(strings = { "tiny-gpt2-bytes", "tiny-llama-bytes" })
	void float16AgreesWithFloat32(String name) throws IOException {
		Path folder = ReferenceData.bundledModel(name);
		try (HookedAutoModel full = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				HookedAutoModel half = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT16, "cpu"));
				NDManager manager = NDManager.newBaseManager()) {
			assertThat(half.dtype()).isEqualTo(DType.FLOAT16);
			assertThat(half.weightBytes() * 2).isEqualTo(full.weightBytes());
			ReferenceData ref = ReferenceData.open(folder.resolve("reference.safetensors"), manager);
			ModelInput input = ModelInput.of(ref.longs("input_ids"));
			HookFilter patterns = HookFilter.parse("blocks.*.attn.hook_pattern");
			try (RunResult a = full.runWithCache(input, patterns, null);
					RunResult b = half.runWithCache(input, patterns, null)) {
				NDArray halfLogits = b.output();
				assertThat(halfLogits.getDataType()).isEqualTo(DataType.FLOAT16);
				TensorAssert.assertClose(name + " fp16 logits", halfLogits, a.output(), 0.05, 0.01);
				TensorAssert.assertClose(name + " fp16 pattern.0", b.cache().get("blocks.0.attn.hook_pattern"),
						a.cache().get("blocks.0.attn.hook_pattern"), 5e-3, 0);
			}
			try (RunResult a = full.runWithHooks(input, Hooks.none());
					RunResult b = half.runWithHooks(input, Hooks.none())) {
				long agree = 0;
				float[] x = a.output()
					.argMax(-1)
					.toType(DataType.INT64, false)
					.toType(DataType.FLOAT32, false)
					.toFloatArray();
				float[] y = b.output()
					.argMax(-1)
					.toType(DataType.INT64, false)
					.toType(DataType.FLOAT32, false)
					.toFloatArray();
				for (int i = 0; i < x.length; i++) {
					agree += x[i] == y[i] ? 1 : 0;
				}
				assertThat((double) agree / x.length).as("top-1 agreement").isGreaterThanOrEqualTo(0.95);
			}
		}
	}

}
