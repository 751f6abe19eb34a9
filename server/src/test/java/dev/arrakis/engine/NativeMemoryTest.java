package dev.arrakis.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.hooks.HookFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 forward passes (with a full activation cache, so every call allocates plenty)
 * leave native memory flat: each call's arrays are freed when its context closes.
 */
class NativeMemoryTest {

	private static final int FORWARDS = 2000;

	@Test
	void twoThousandForwardsDoNotGrowNativeMemory() throws IOException {
		try (HookedAutoModel model = HookedAutoModel.load(ReferenceData.bundledModel("tiny-induction-2l"),
				new LoadOptions(DType.FLOAT32, "cpu"))) {
			ModelInput input = ModelInput.of(new long[64]);
			// Warm up until the allocator's arenas have reached their working size.
			for (int i = 0; i < 500; i++) {
				model.runWithCache(input, HookFilter.all(), null).close();
			}
			long before = residentKilobytesAfterGc();
			for (int i = 0; i < FORWARDS; i++) {
				model.runWithCache(input, HookFilter.all(), null).close();
			}
			long after = residentKilobytesAfterGc();
			// One call caches about 1.5 MB: leaking it would add 3 GB, leaking 64 kB a
			// call
			// 128 MB. Below that, RSS moves with the native allocator's fragmentation, up
			// and down by up to ~90 MB between runs of this test alone (the Java heap's
			// committed size stays put).
			assertThat(after - before).as("RSS growth over %,d forwards, kB", FORWARDS).isLessThan(128 * 1024);
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
