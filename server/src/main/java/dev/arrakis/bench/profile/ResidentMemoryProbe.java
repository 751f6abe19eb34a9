package dev.arrakis.bench.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the process's peak resident memory over a stretch of work, from Linux's
 * {@code /proc/self}: it resets the kernel's high-water mark where allowed and otherwise
 * samples the resident size.
 */
final class ResidentMemoryProbe {

	private static final long SAMPLE_INTERVAL_NANOS = 1_000_000;

	private final Path status;

	private final Path clearRefs;

	ResidentMemoryProbe() {
		this(Path.of("/proc/self/status"), Path.of("/proc/self/clear_refs"));
	}

	/** For tests: other files standing for {@code /proc/self/status} and clear_refs. */
	ResidentMemoryProbe(Path status, Path clearRefs) {
		this.status = status;
		this.clearRefs = clearRefs;
	}

	/** A measurement in progress. */
	interface Measurement {

		NativeMemory stop();

	}

	/** Starts measuring; call {@link Measurement#stop()} when the work is done. */
	Measurement start() {
		if (!Files.isReadable(this.status)) {
			return () -> new NativeMemory(null, null, PeakMethod.UNAVAILABLE,
					"no " + this.status + " (not Linux): peak resident memory is measured on Linux only");
		}
		if (resetHighWaterMark()) {
			// Read after the reset: the high-water mark then starts at this very size.
			long before = kilobytes("VmRSS") * 1024;
			return () -> new NativeMemory(before, Math.max(before, kilobytes("VmHWM") * 1024),
					PeakMethod.CLEAR_REFS_HIGH_WATER_MARK,
					"whole-process resident bytes (Java heap included); peak = VmHWM after resetting it through "
							+ this.clearRefs);
		}
		return new Sampler(kilobytes("VmRSS") * 1024).begin();
	}

	private boolean resetHighWaterMark() {
		try {
			Files.write(this.clearRefs, "5".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
			return true;
		}
		catch (IOException | SecurityException ex) {
			return false;
		}
	}

	/** A field of the status file, in kB, e.g. {@code VmRSS: 1924 kB}. */
	private long kilobytes(String field) {
		try {
			for (String line : Files.readAllLines(this.status)) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.status, ex);
		}
		throw new IllegalStateException("no " + field + " in " + this.status);
	}

	/** The fallback: a daemon thread keeps the largest VmRSS it sees. */
	private final class Sampler implements Measurement {

		private final long before;

		private final AtomicLong peak;

		private volatile boolean running = true;

		private final Thread thread = new Thread(this::sample, "arrakis-resident-memory-sampler");

		Sampler(long before) {
			this.before = before;
			this.peak = new AtomicLong(before);
		}

		Measurement begin() {
			this.thread.setDaemon(true);
			this.thread.start();
			return this;
		}

		private void sample() {
			try {
				while (this.running) {
					this.peak.accumulateAndGet(kilobytes("VmRSS") * 1024, Math::max);
					LockSupport.parkNanos(SAMPLE_INTERVAL_NANOS);
				}
			}
			catch (RuntimeException ex) {
				// The status file became unreadable: stop() reads it once more and
				// reports that failure on the caller's thread.
			}
		}

		@Override
		public NativeMemory stop() {
			this.running = false;
			try {
				this.thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.peak.accumulateAndGet(kilobytes("VmRSS") * 1024, Math::max);
			return new NativeMemory(this.before, this.peak.get(), PeakMethod.SAMPLED_RESIDENT_SIZE,
					"whole-process resident bytes (Java heap included); " + ResidentMemoryProbe.this.clearRefs
							+ " refused the reset, so the peak is the largest VmRSS sampled every millisecond: "
							+ "a lower bound");
		}

	}

}
