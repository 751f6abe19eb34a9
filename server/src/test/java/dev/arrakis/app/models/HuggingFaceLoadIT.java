package dev.arrakis.app.models;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading by Hugging Face repository id: from a local HTTP server that serves the bundled
 * models in the hub's URL layout ({@code /<org>/<name>/resolve/<revision>/<file>}) into
 * the Hugging Face cache, then from the cache alone, including a cache laid out the way
 * huggingface_hub writes it (blobs and links).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HuggingFaceLoadIT {

	private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

	private static final String KEY = "it-admin-key";

	private static final AtomicInteger downloads = new AtomicInteger();

	private static final HttpServer hub = startHub();

	private static final Path cache = ItDirectories.fresh("hf-load-cache");

	@LocalServerPort
	private int port;

	@Autowired
	private ModelRegistry registry;

	private RestTestClient client;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("hf-load-postgres").toString());
		registry.add("arrakis.models.dir", () -> ItDirectories.fresh("hf-load-models").toString());
		registry.add("arrakis.models.hugging-face-cache", cache::toString);
		registry.add("arrakis.models.hub-url", () -> "http://localhost:" + hub.getAddress().getPort());
		registry.add("arrakis.security.bootstrap-admin-key", () -> KEY);
	}

	@BeforeEach
	void connect() {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
		requests.setReadTimeout(Duration.ofMinutes(2));
		this.client = RestTestClient.bindToServer(requests)
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer " + KEY)
			.build();
	}

	@AfterAll
	static void stopHub() {
		hub.stop(0);
	}

	@Test
	void downloadsIntoTheCacheThenLoadsFromTheCacheAlone() throws IOException {
		ModelResponse downloaded = load(Map.of("repo", "arrakis/tiny-gpt2-bytes", "download", true), 201,
				ModelResponse.class);

		assertThat(downloaded.name()).isEqualTo("arrakis--tiny-gpt2-bytes");
		assertThat(downloaded.parameterCount()).isEqualTo(BundledModels.expected("tiny-gpt2-bytes").parameterCount());
		Path repository = cache.resolve("models--arrakis--tiny-gpt2-bytes");
		assertThat(Files.readString(repository.resolve("refs/main"))).isEqualTo(COMMIT);
		Path snapshot = repository.resolve("snapshots").resolve(COMMIT);
		assertThat(Files.readAllBytes(snapshot.resolve("model.safetensors")))
			.isEqualTo(Files.readAllBytes(BundledModels.directory().resolve("tiny-gpt2-bytes/model.safetensors")));
		assertThat(snapshot.resolve("tokenizer.json")).exists();
		assertThat(snapshot.resolve("reference.safetensors")).doesNotExist();

		int before = downloads.get();
		ModelResponse cached = load(Map.of("repo", "arrakis/tiny-gpt2-bytes", "name", "cached-gpt2"), 201,
				ModelResponse.class);
		assertThat(cached.parameterCount()).isEqualTo(downloaded.parameterCount());
		assertThat(downloads.get()).as("a cache load asks the hub nothing").isEqualTo(before);
		this.registry.withModel("cached-gpt2", (model) -> assertThat(model.sourceDirectory()).isEqualTo(snapshot));
	}

	@Test
	void loadsACacheWrittenByHuggingFaceHubWithBlobsAndLinks() throws IOException {
		Path repository = cache.resolve("models--someone--tiny-llama-bytes");
		Path blobs = Files.createDirectories(repository.resolve("blobs"));
		Path snapshot = Files.createDirectories(repository.resolve("snapshots/feedface"));
		for (String file : new String[] { "config.json", "model.safetensors", "tokenizer.json" }) {
			Path blob = blobs.resolve("blob-" + file);
			Files.copy(BundledModels.directory().resolve("tiny-llama-bytes").resolve(file), blob);
			Files.createSymbolicLink(snapshot.resolve(file), snapshot.relativize(blob));
		}

		ModelResponse loaded = load(Map.of("repo", "someone/tiny-llama-bytes", "revision", "feedface"), 201,
				ModelResponse.class);

		assertThat(loaded.architecture()).isEqualTo("llama");
		assertThat(loaded.parameterCount()).isEqualTo(BundledModels.expected("tiny-llama-bytes").parameterCount());
	}

	@Test
	void missingSourcesAndBadIdsAreProblems() {
		Map<?, ?> notCached = load(Map.of("repo", "nobody/nothing"), 404, Map.class);
		assertThat(notCached.get("type")).isEqualTo("/problems/model-source-not-found");
		assertThat((String) notCached.get("detail")).contains("nobody/nothing").contains("main");

		Map<?, ?> notOnHub = load(Map.of("repo", "nobody/nothing", "download", true), 404, Map.class);
		assertThat(notOnHub.get("type")).isEqualTo("/problems/model-source-not-found");
		assertThat((String) notOnHub.get("detail")).contains("config.json");

		Map<?, ?> badRepo = load(Map.of("repo", "../../etc"), 400, Map.class);
		assertThat((String) badRepo.get("detail")).contains("repo").contains("org/name");
		Map<?, ?> badRevision = load(Map.of("repo", "a/b", "revision", "../x"), 400, Map.class);
		assertThat((String) badRevision.get("detail")).contains("revision");
		Map<?, ?> misspelt = load(Map.of("repo", "a/b", "revison", "main"), 400, Map.class);
		assertThat((String) misspelt.get("detail")).contains("Unknown field 'revison'").contains("revision");
		Map<?, ?> wrongType = load(Map.of("repo", "a/b", "download", "yes please"), 400, Map.class);
		assertThat((String) wrongType.get("detail")).contains("'download'");
	}

	private <T> T load(Map<String, Object> body, int status, Class<T> type) {
		return this.client.post()
			.uri("/api/v1/models")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.returnResult(type)
			.getResponseBody();
	}

	/** The bundled models under any org, at any revision, in the hub's URL layout. */
	private static HttpServer startHub() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", HuggingFaceLoadIT::serve);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void serve(HttpExchange exchange) throws IOException {
		String[] parts = exchange.getRequestURI().getPath().split("/");
		// "", org, name, "resolve", revision, file
		Path file = (parts.length == 6 && parts[3].equals("resolve"))
				? BundledModels.directory().resolve(parts[2]).resolve(parts[5]) : null;
		if (file == null || !Files.isRegularFile(file) || !file.normalize().startsWith(BundledModels.directory())) {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
			return;
		}
		exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
		if (exchange.getRequestMethod().equals("HEAD")) {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
			return;
		}
		downloads.incrementAndGet();
		byte[] bytes = Files.readAllBytes(file);
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
