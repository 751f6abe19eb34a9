package dev.arrakis.engine.generation;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;

import static org.assertj.core.api.Assertions.assertThat;

/** A left-padded batch generates, row by row, what each prompt generates alone. */
class BatchedGenerationTest {

	@Test
	void leftPaddedBatchGeneratesWhatEachPromptGeneratesAlone() throws IOException {
		for (String name : new String[] { "tiny-gpt2-bytes", "tiny-llama-bytes" }) {
			try (HookedAutoModel model = HookedAutoModel.load(Paths.get("..", "models", name).toAbsolutePath(),
					new LoadOptions(DType.FLOAT32, "cpu"))) {
				long[] longPrompt = model.tokenizer().encode("    for item in items:", null);
				long[] shortPrompt = model.tokenizer().encode("import os", null);
				int pad = longPrompt.length - shortPrompt.length;
				long[] paddedShort = new long[longPrompt.length];
				System.arraycopy(shortPrompt, 0, paddedShort, pad, shortPrompt.length);
				long[] shortMask = new long[longPrompt.length];
				Arrays.fill(shortMask, pad, shortMask.length, 1);
				long[] longMask = new long[longPrompt.length];
				Arrays.fill(longMask, 1);
				GenerationOptions options = new GenerationOptions(10, 0, 0, 1, 0, false);
				long[][] batch = model.generate(new ModelInput(new long[][] { longPrompt, paddedShort },
						new long[][] { longMask, shortMask }, null), options);
				long[] aloneLong = model.generate(ModelInput.of(longPrompt), options)[0];
				long[] aloneShort = model.generate(ModelInput.of(shortPrompt), options)[0];
				assertThat(batch[0]).as(name + " row 0").containsExactly(aloneLong);
				assertThat(Arrays.copyOfRange(batch[1], pad, batch[1].length)).as(name + " row 1")
					.containsExactly(aloneShort);
			}
		}
	}

}
