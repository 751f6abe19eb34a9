package dev.arrakis.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Content-addressed artifacts: an artifact's key is the SHA-256 of its bytes, so storing
 * the same bytes twice stores them once. Up to
 * {@code arrakis.bench.inline-artifact-bytes} the bytes live in PostgreSQL; beyond, in
 * the file store ({@code arrakis.bench.artifacts-dir}, {@code ab/cd/abcd...}), written to
 * a temporary file and moved into place so that a reader never sees half a file.
 */
@Service
public class ArtifactStore {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private final ArtifactRepository artifacts;

	private final Path directory;

	private final long inlineBytes;

	ArtifactStore(ArtifactRepository artifacts, BenchProperties properties) {
		this.artifacts = artifacts;
		this.directory = properties.artifactsDir().toAbsolutePath().normalize();
		this.inlineBytes = properties.inlineArtifactBytes().toBytes();
	}

	/** Stores {@code content} (if it is not stored yet) and returns its reference. */
	@Transactional
	public ArtifactRef put(byte[] content, String mediaType) {
		String sha256 = sha256(content);
		boolean inFile = content.length > this.inlineBytes;
		if (inFile) {
			writeFile(sha256, content);
		}
		this.artifacts.insertIfAbsent(sha256, mediaType, content.length, inFile ? null : content, inFile);
		return new ArtifactRef(sha256, mediaType, content.length);
	}

	/**
	 * The artifact with hash {@code sha256}, if stored.
	 * @throws IllegalStateException when its row points to a file the store lost
	 */
	@Transactional(readOnly = true)
	public Optional<StoredArtifact> get(String sha256) {
		if (!SHA256.matcher(sha256).matches()) {
			return Optional.empty();
		}
		return this.artifacts.findById(sha256).map((artifact) -> {
			byte[] inline = artifact.content();
			byte[] content = (inline != null) ? inline : readFile(sha256);
			return new StoredArtifact(new ArtifactRef(sha256, artifact.mediaType(), artifact.sizeBytes()), content);
		});
	}

	private Path file(String sha256) {
		return this.directory.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	private void writeFile(String sha256, byte[] content) {
		Path target = file(sha256);
		try {
			if (Files.isRegularFile(target) && Files.size(target) == content.length) {
				return;
			}
			Files.createDirectories(target.getParent());
			Path temporary = Files.createTempFile(target.getParent(), sha256, ".part");
			Files.write(temporary, content);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write artifact " + sha256 + " to " + this.directory, ex);
		}
	}

	private byte[] readFile(String sha256) {
		Path file = file(sha256);
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("artifact %s is recorded but its file %s cannot be read: %s"
				.formatted(sha256, file, ex.getMessage()), ex);
		}
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
