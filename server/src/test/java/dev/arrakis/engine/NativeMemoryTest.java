package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.hooks.HookFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 forward passes (with a full activation cache, so every call allocates plenty)
 * leave native memory flat: each call's arrays are freed when its context closes.
 */
class NativeMemoryTest {

	@Test
	void aThousandForwardsDoNotGrowNativeMemory() throws IOException {
		try (HookedAutoModel model = HookedAutoModel.load(ReferenceData.bundledModel("tiny-induction-2l"),
				new LoadOptions(DType.FLOAT32, "cpu"))) {
			ModelInput input = ModelInput.of(new long[64]);
			// Warm up until the allocator's arenas have reached their working size.
			for (int i = 0; i < 500; i++) {
				model.runWithCache(input, HookFilter.all(), null).close();
			}
			long before = residentKilobytesAfterGc();
			for (int i = 0; i < 1000; i++) {
				model.runWithCache(input, HookFilter.all(), null).close();
			}
			long after = residentKilobytesAfterGc();
			// One call caches about 1.5 MB; a leak of every call would add about 1.5 GB,
			// a
			// leak of 64 kB per call 64 MB. Below that, RSS moves with the allocator's
			// fragmentation (up to ~50 MB seen when other test classes ran first).
			assertThat(after - before).as("RSS growth over 1,000 forwards, kB").isLessThan(64 * 1024);
		}
	}

	/**
	 * Collects Java garbage first, so the Java heap's own churn does not count as native
	 * growth.
	 */
	private static long residentKilobytesAfterGc() throws IOException {
		System.gc();
		return residentKilobytes();
	}

	private static long residentKilobytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IllegalStateException("no VmRSS in /proc/self/status");
	}

}
