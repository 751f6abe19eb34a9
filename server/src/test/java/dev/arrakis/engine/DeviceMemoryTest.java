package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Memory accounting: what the CPU reports, refusing loads that do not fit, and closing a
 * model giving memory back.
 */
class DeviceMemoryTest {

	@Test
	void cpuMemoryComesFromTheOperatingSystem() {
		DeviceMemory memory = DeviceMemory.cpu();
		assertThat(memory.device()).isEqualTo("cpu");
		assertThat(memory.totalBytes()).isPositive();
		assertThat(memory.freeBytes()).isPositive().isLessThanOrEqualTo(memory.totalBytes());
		assertThat(memory.usedBytes()).isEqualTo(memory.totalBytes() - memory.freeBytes());
	}

	@Test
	void aLoadThatWouldNotFitIsRefusedWithTheNumbers() throws IOException {
		Path folder = ReferenceData.bundledModel("tiny-gpt2-bytes");
		long weights = 1_878_144L * 4; // meta.json's parameter count, float32
		DeviceMemory small = new DeviceMemory("cuda:0", 16_000_000_000L, weights);
		assertThatThrownBy(() -> HookedAutoModel.requireRoom(folder, DType.FLOAT32, small))
			.isInstanceOf(ModelDoesNotFitException.class)
			.hasMessage("tiny-gpt2-bytes needs 0.01 GB of float32 weights (0.02 GB while loading) on cuda:0, "
					+ "which has 0.01 GB free of 16.00 GB")
			.satisfies(ex -> assertThat(((ModelDoesNotFitException) ex).neededBytes()).isEqualTo(2 * weights));
		HookedAutoModel.requireRoom(folder, DType.FLOAT16, small);
		HookedAutoModel.requireRoom(folder, DType.FLOAT32, new DeviceMemory("cpu", 4 * weights, 2 * weights));
	}

	@Test
	void closingAModelGivesItsMemoryBack() throws IOException {
		HookedAutoConfig config = HookedAutoConfig.of("llama", Map.of("hidden_size", 512, "num_hidden_layers", 4,
				"num_attention_heads", 8, "intermediate_size", 2048, "vocab_size", 8192));
		long before = residentBytesAfterGc();
		HookedAutoModel model = HookedAutoModel.random(config, 1, new LoadOptions(DType.FLOAT32, "cpu"));
		long loaded = residentBytesAfterGc();
		long weightBytes = model.weightBytes();
		assertThat(weightBytes).isEqualTo(model.parameterCount() * 4);
		model.close();
		long closed = residentBytesAfterGc();
		assertThat(loaded - before).as("resident growth while loaded").isGreaterThan(weightBytes * 9 / 10);
		assertThat(loaded - closed).as("memory returned by close").isGreaterThan(weightBytes * 9 / 10);
	}

	private static long residentBytesAfterGc() throws IOException {
		System.gc();
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
			}
		}
		throw new IllegalStateException("no VmRSS");
	}

}
