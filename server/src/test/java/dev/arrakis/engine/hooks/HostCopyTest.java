package dev.arrakis.engine.hooks;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Copying cached activations to the host, narrowed on the device to the positions and
 * heads asked for.
 */
class HostCopyTest {

	private static HookedAutoModel model;

	private static final ModelInput INPUT = ModelInput.of(new long[] { 100, 101, 102, 32, 102, 40 },
			new long[] { 105, 109, 112, 111, 114, 116 });

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-llama-bytes").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void narrowedCopyHoldsExactlyTheRequestedPositionsAndHeads() {
		HookName pattern = HookName.pattern(1);
		HookName keys = HookName.of(HookPoint.ATTN_K, 0);
		try (RunResult run = model.runWithCache(INPUT, HookFilter.all(), null)) {
			HostTensor full = run.cache().toHost(pattern, Narrowing.ALL);
			assertThat(full.shape()).containsExactly(2, 6, 6, 6);
			HostTensor narrow = run.cache().toHost(pattern, new Narrowing(List.of(5, 2), List.of(4)));
			assertThat(narrow.shape()).containsExactly(2, 1, 2, 6);
			for (int b = 0; b < 2; b++) {
				for (int k = 0; k < 6; k++) {
					assertThat(narrow.get(b, 0, 0, k)).isEqualTo(full.get(b, 4, 5, k));
					assertThat(narrow.get(b, 0, 1, k)).isEqualTo(full.get(b, 4, 2, k));
				}
			}
			// hook_k has n_key_value_heads (3) heads on its own axis; narrowing applies
			// to that axis.
			HostTensor kv = run.cache().toHost(keys, Narrowing.heads(2));
			assertThat(kv.shape()).containsExactly(2, 6, 1, 32);
			assertThat(kv.get(1, 3, 0, 7)).isEqualTo(run.cache().toHost(keys, Narrowing.ALL).get(1, 3, 2, 7));
			// Activations without a head axis ignore the head choice.
			assertThat(run.cache().toHost(HookName.residPost(0), new Narrowing(List.of(0), List.of(1))).shape())
				.containsExactly(2, 1, 192);
		}
	}

	@Test
	void outOfRangeRequestsNameTheParameterAndItsRange() {
		try (RunResult run = model.runWithCache(INPUT, HookFilter.all(), null)) {
			assertThatThrownBy(() -> run.cache().toHost(HookName.pattern(0), Narrowing.positions(6)))
				.hasMessageContaining("position 6")
				.hasMessageContaining("0..5");
			assertThatThrownBy(() -> run.cache().toHost(HookName.pattern(0), Narrowing.heads(-1)))
				.hasMessageContaining("head -1")
				.hasMessageContaining("0..5");
			assertThatThrownBy(() -> run.cache().toHost(HookName.pattern(0), new Narrowing(List.of(), null)))
				.hasMessageContaining("no position");
		}
	}

}
