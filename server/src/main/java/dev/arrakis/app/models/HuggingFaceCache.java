package dev.arrakis.app.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Hugging Face hub cache directory ({@code ~/.cache/huggingface/hub} by default): each
 * repository in {@code models--org--name/}, with {@code refs/<branch>} holding the commit
 * a branch pointed to and {@code snapshots/<commit>/} holding the files (links into
 * {@code blobs/} where {@code huggingface_hub} wrote them; plain files where Arrakis
 * did).
 */
final class HuggingFaceCache {

	private final Path root;

	HuggingFaceCache(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	Path root() {
		return this.root;
	}

	/**
	 * The snapshot folder of {@code repo} at its revision: a branch or tag is looked up
	 * in {@code refs/}, anything else is taken as a commit.
	 * @throws ModelSourceNotFoundException when the cache has no such snapshot with a
	 * config.json
	 */
	Path snapshot(HuggingFaceRepo repo) {
		Path repository = this.root.resolve(repo.cacheFolder());
		Path ref = repository.resolve("refs").resolve(repo.revision());
		String commit = repo.revision();
		try {
			if (Files.isRegularFile(ref)) {
				commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + ref, ex);
		}
		Path snapshot = repository.resolve("snapshots").resolve(commit).normalize();
		if (!snapshot.startsWith(repository) || !Files.isRegularFile(snapshot.resolve("config.json"))) {
			throw new ModelSourceNotFoundException(
					"the Hugging Face cache has no snapshot of %s at revision %s".formatted(repo.id(), repo.revision()),
					repo, cachedRevisions(repository));
		}
		return snapshot;
	}

	/** Where a download of {@code repo} at {@code commit} goes. */
	Path snapshotFolder(HuggingFaceRepo repo, String commit) {
		return this.root.resolve(repo.cacheFolder()).resolve("snapshots").resolve(commit);
	}

	/**
	 * Records that {@code repo}'s revision (a branch or tag) points to {@code commit}.
	 */
	void writeRef(HuggingFaceRepo repo, String commit) throws IOException {
		Path refs = Files.createDirectories(this.root.resolve(repo.cacheFolder()).resolve("refs"));
		Files.writeString(refs.resolve(repo.revision()), commit, StandardCharsets.UTF_8);
	}

	private static List<String> cachedRevisions(Path repository) {
		Path snapshots = repository.resolve("snapshots");
		if (!Files.isDirectory(snapshots)) {
			return List.of();
		}
		try (Stream<Path> children = Files.list(snapshots)) {
			return children.map((child) -> child.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
