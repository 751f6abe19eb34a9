package dev.arrakis.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * What identifies a model's files: {@code modelSha256} covers config.json and every
 * safetensors file (and a sharded index), each as its name, its length and its bytes, in
 * name order; {@code tokenizerSha256} covers tokenizer.json. Hashing reads every weight
 * byte once (about a second per GB), so callers cache the result per loaded model.
 *
 * @param modelSha256 the weights' and config's hash
 * @param tokenizerSha256 the tokenizer's hash, or null when the folder has none
 */
public record ModelFingerprint(String modelSha256, @Nullable String tokenizerSha256) {

	/**
	 * The fingerprint of a Hugging Face model folder.
	 * @throws UncheckedIOException when a file cannot be read
	 */
	public static ModelFingerprint of(Path folder) {
		try (Stream<Path> children = Files.list(folder)) {
			List<Path> files = children.filter(ModelFingerprint::isModelFile).sorted().toList();
			Path tokenizer = folder.resolve("tokenizer.json");
			return new ModelFingerprint(sha256(files),
					Files.isRegularFile(tokenizer) ? sha256(List.of(tokenizer)) : null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot fingerprint model folder " + folder, ex);
		}
	}

	private static boolean isModelFile(Path file) {
		String name = file.getFileName().toString();
		return Files.isRegularFile(file) && (name.equals("config.json") || name.endsWith(".safetensors")
				|| name.equals("model.safetensors.index.json"));
	}

	private static String sha256(List<Path> files) throws IOException {
		MessageDigest digest = newDigest();
		byte[] buffer = new byte[1 << 20];
		for (Path file : files) {
			digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
			digest.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.UTF_8));
			try (InputStream in = Files.newInputStream(file)) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					digest.update(buffer, 0, read);
				}
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
