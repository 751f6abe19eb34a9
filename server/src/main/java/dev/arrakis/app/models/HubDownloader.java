package dev.arrakis.app.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Downloads a model's files from the Hugging Face hub
 * ({@code <hub>/<repo>/resolve/<revision>/<file>}, the hub's URL layout) into a
 * {@link HuggingFaceCache}: config.json, tokenizer.json when there is one, and the
 * safetensors weights (one file, or a sharded index and its shards). Each file is written
 * to a temporary name and moved into place, so a cut-off download never looks complete.
 * The snapshot is named by the commit the hub reports ({@code X-Repo-Commit}), and the
 * revision recorded in {@code refs/} when it is a name.
 */
final class HubDownloader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI hub;

	private final @Nullable String token;

	private final HttpClient http;

	HubDownloader(URI hub, @Nullable String token, Duration connectTimeout) {
		this.hub = hub;
		this.token = token;
		this.http = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	/**
	 * Downloads {@code repo} into {@code cache} and returns the snapshot folder.
	 * @throws ModelSourceNotFoundException when the hub has no such repository, revision
	 * or weights
	 * @throws HubUnavailableException when the hub cannot be reached or refuses
	 */
	Path download(HuggingFaceRepo repo, HuggingFaceCache cache) {
		try {
			Path staging = Files.createDirectories(cache.root()).resolve(".arrakis-download-" + System.nanoTime());
			Files.createDirectories(staging);
			try {
				Optional<String> commit = fetch(repo, "config.json", staging, true);
				fetch(repo, "tokenizer.json", staging, false);
				for (String weights : weightFiles(repo, staging)) {
					fetch(repo, weights, staging, true);
				}
				String snapshotName = commit.orElse(repo.revision());
				Path snapshot = cache.snapshotFolder(repo, snapshotName);
				Files.createDirectories(snapshot);
				try (var files = Files.list(staging)) {
					for (Path file : files.toList()) {
						Files.move(file, snapshot.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
					}
				}
				if (!snapshotName.equals(repo.revision())) {
					cache.writeRef(repo, snapshotName);
				}
				return snapshot;
			}
			finally {
				deleteTree(staging);
			}
		}
		catch (IOException ex) {
			throw new HubUnavailableException("downloading %s from %s failed: %s".formatted(repo.id(), this.hub,
					ex.getMessage() == null ? ex.toString() : ex.getMessage()), repo);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new HubUnavailableException("the download of %s was interrupted".formatted(repo.id()), repo);
		}
	}

	private List<String> weightFiles(HuggingFaceRepo repo, Path staging) throws IOException, InterruptedException {
		if (head(repo, "model.safetensors")) {
			return List.of("model.safetensors");
		}
		fetch(repo, "model.safetensors.index.json", staging, false);
		if (!Files.exists(staging.resolve("model.safetensors.index.json"))) {
			throw new ModelSourceNotFoundException(
					"%s at %s has no safetensors weights (model.safetensors or model.safetensors.index.json)"
						.formatted(repo.id(), repo.revision()),
					repo, List.of());
		}
		JsonNode index = JSON.readTree(staging.resolve("model.safetensors.index.json").toFile());
		TreeSet<String> shards = new TreeSet<>();
		index.get("weight_map").forEach((file) -> shards.add(file.asString()));
		for (String shard : shards) {
			if (shard.contains("/") || shard.contains("..")) {
				throw new HubUnavailableException(
						"the index of %s names an unsafe file '%s'".formatted(repo.id(), shard), repo);
			}
		}
		return new ArrayList<>(shards);
	}

	private boolean head(HuggingFaceRepo repo, String file) throws IOException, InterruptedException {
		HttpResponse<Void> response = this.http.send(
				request(repo, file).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.discarding());
		return response.statusCode() == 200;
	}

	/**
	 * Fetches one file into {@code staging}; returns the commit the hub reported. A
	 * missing optional file returns empty; a missing required one is not-found.
	 */
	private Optional<String> fetch(HuggingFaceRepo repo, String file, Path staging, boolean required)
			throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.http.send(request(repo, file).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			int status = response.statusCode();
			if (status == 404) {
				if (required) {
					throw new ModelSourceNotFoundException(
							"the hub has no %s in %s at revision %s".formatted(file, repo.id(), repo.revision()), repo,
							List.of());
				}
				return Optional.empty();
			}
			if (status == 401 || status == 403) {
				throw new HubUnavailableException(
						"the hub refused %s of %s (HTTP %d): a gated or private repository needs HF_TOKEN"
							.formatted(file, repo.id(), status),
						repo);
			}
			if (status != 200) {
				throw new HubUnavailableException(
						"the hub answered HTTP %d for %s of %s".formatted(status, file, repo.id()), repo);
			}
			Path partial = staging.resolve(file + ".part");
			Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, staging.resolve(file), StandardCopyOption.REPLACE_EXISTING);
			return response.headers().firstValue("X-Repo-Commit");
		}
	}

	private HttpRequest.Builder request(HuggingFaceRepo repo, String file) {
		String base = this.hub.toString().replaceAll("/+$", "");
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("%s/%s/resolve/%s/%s".formatted(base, repo.id(), repo.revision(), file)))
			.timeout(Duration.ofMinutes(30));
		if (this.token != null && !this.token.isBlank()) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return builder;
	}

	private static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var tree = Files.walk(directory)) {
			for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
