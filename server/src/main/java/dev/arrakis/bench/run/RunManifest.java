package dev.arrakis.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import ai.djl.engine.Engine;
import dev.arrakis.engine.HookedAutoModel;
import org.jspecify.annotations.Nullable;

/**
 * Exactly how a run was made: the software, the model and the seed. Two runs with equal
 * manifests and the same version ran the same computation (up to the nondeterminism of
 * parallel floating-point sums on some devices).
 *
 * @param serverVersion the Arrakis server's version
 * @param engine the tensor engine and its version, e.g. {@code PyTorch 2.7.1}
 * @param djlVersion the DJL version
 * @param java the Java runtime's version and vendor
 * @param os the operating system and architecture
 * @param model the model's name
 * @param architecture the model's architecture (Hugging Face model type)
 * @param modelSha256 the hash of its weights and config ({@link ModelFingerprint}), or
 * null for a model not loaded from files (random or derived)
 * @param tokenizerSha256 the hash of its tokenizer.json, or null when it has none
 * @param dtype the weights' type, e.g. {@code float32}
 * @param device where it ran, e.g. {@code cpu()} or {@code gpu(0)}
 * @param seed the definition's seed, or null
 */
public record RunManifest(String serverVersion, String engine, String djlVersion, String java, String os, String model,
		String architecture, @Nullable String modelSha256, @Nullable String tokenizerSha256, String dtype,
		String device, @Nullable Long seed) {

	/**
	 * The manifest of a run of {@code model}.
	 * @param fingerprint the model's files' fingerprint, or null when it has no files
	 */
	public static RunManifest of(HookedAutoModel model, @Nullable ModelFingerprint fingerprint, @Nullable Long seed) {
		Engine engine = Engine.getInstance();
		return new RunManifest(buildVersion(), engine.getEngineName() + " " + engine.getVersion(),
				Engine.getDjlVersion(),
				System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
				System.getProperty("os.name") + " " + System.getProperty("os.arch"), model.name(),
				model.config().architecture(), (fingerprint != null) ? fingerprint.modelSha256() : null,
				(fingerprint != null) ? fingerprint.tokenizerSha256() : null, model.dtype().label(), model.device(),
				seed);
	}

	/** This server's version, from the build. */
	public static String buildVersion() {
		Properties build = new Properties();
		try (InputStream in = RunManifest.class.getResourceAsStream("/dev/arrakis/arrakis-build.properties")) {
			if (in == null) {
				return "unknown";
			}
			build.load(in);
			return build.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
