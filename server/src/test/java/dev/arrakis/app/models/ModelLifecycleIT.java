package dev.arrakis.app.models;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.arrakis.engine.DeviceMemory;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loading and unloading models while the server runs: {@code POST} and {@code DELETE} on
 * {@code /api/v1/models/{name}}, the memory an unload frees, the records of both, and
 * leases that keep a model's weights alive under running requests. The model directory is
 * this test's own (under {@code target/it/}, like {@link ModelLoadFailureIT}'s, since the
 * server outlives the test class): copies of {@code tiny-induction-2l} under several
 * names, so that each test changes a model no other test looks at, a copy whose
 * architecture nobody implements, and a folder that is not a model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelLifecycleIT {

	private static final String SOURCE = "tiny-induction-2l";

	/** Unloaded and loaded again. */
	private static final String RELOADED = "reloaded";

	/** Never unloaded. */
	private static final String RESIDENT = "resident";

	/** Unloaded while a lease holds it, released within the wait. */
	private static final String LEASED = "leased";

	/** Unloaded while a lease holds it past the wait. */
	private static final String OUTLASTING = "outlasting";

	/** Unloaded and loaded again and again under concurrent requests. */
	private static final String CONTENDED = "contended";

	private static final String BROKEN = "broken-architecture";

	private static final String UNSUPPORTED_TYPE = "no-such-architecture";

	private static final String NOT_A_MODEL = "notes-not-a-model";

	private static final Duration UNLOAD_WAIT = Duration.ofSeconds(3);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Path models = Path.of("unset");

	@LocalServerPort
	private int port;

	@Autowired
	private ModelRegistry registry;

	@Autowired
	private JdbcClient jdbc;

	private RestTestClient client;

	@DynamicPropertySource
	static void embeddedDatabaseAndOwnModels(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("model-lifecycle-postgres").toString());
		registry.add("arrakis.models.dir", () -> modelDirectory().toString());
		registry.add("arrakis.models.unload-wait", () -> UNLOAD_WAIT.toMillis() + "ms");
		ItAdminKey.register(registry);
	}

	private static Path modelDirectory() {
		models = ItDirectories.fresh("model-lifecycle-models");
		for (String name : List.of(RELOADED, RESIDENT, LEASED, OUTLASTING, CONTENDED)) {
			BundledModels.copy(SOURCE, models.resolve(name));
		}
		try {
			Path broken = BundledModels.copy(SOURCE, models.resolve(BROKEN));
			String config = Files.readString(broken.resolve("config.json"));
			assertThat(config).contains("\"model_type\": \"gpt2\"");
			Files.writeString(broken.resolve("config.json"),
					config.replace("\"model_type\": \"gpt2\"", "\"model_type\": \"" + UNSUPPORTED_TYPE + "\""));
			Files.createDirectories(models.resolve(NOT_A_MODEL));
			Files.writeString(models.resolve(NOT_A_MODEL).resolve("README.md"), "not a model\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return models;
	}

	@BeforeEach
	void connect() {
		this.client = ItAdminKey.client(this.port);
	}

	@Test
	void unloadingFreesExactlyTheModelsWeightBytesAndReloadingGivesTheSameModel() {
		BundledModels.Expected expected = BundledModels.expected(SOURCE);
		ModelResponse before = model(RELOADED);
		long deviceWeightsBefore = device(before.device()).weightBytes();
		assertThat(device(before.device()).models()).contains(RELOADED);

		this.client.delete().uri("/api/v1/models/{name}", RELOADED).exchange().expectStatus().isNoContent();

		assertThat(modelNames()).doesNotContain(RELOADED).contains(RESIDENT);
		DeviceResponse after = device(before.device());
		assertThat(after.models()).doesNotContain(RELOADED);
		assertThat(after.weightBytes()).as("weight bytes on %s after unloading", before.device())
			.isEqualTo(deviceWeightsBefore - before.weightBytes());
		for (String path : List.of("/api/v1/models/{name}", "/api/v1/models/{name}/hooks")) {
			expectUnknownModel(this.client.get().uri(path, RELOADED).exchange());
		}
		expectUnknownModel(this.client.delete().uri("/api/v1/models/{name}", RELOADED).exchange());
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM model_unload u JOIN model_load l ON l.id = u.model_load_id
				WHERE l.model_name = ? AND l.loaded_at = ? AND u.unloaded_at >= l.loaded_at""")
			.params(RELOADED, Timestamp.from(before.loadedAt()))
			.query(Long.class)
			.single()).as("the unload, recorded against the load it ended").isEqualTo(1);

		ModelResponse reloaded = this.client.post()
			.uri("/api/v1/models/{name}", RELOADED)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/models/" + RELOADED)
			.returnResult(ModelResponse.class)
			.getResponseBody();

		assertThat(reloaded).isNotNull();
		assertThat(reloaded.parameterCount()).isEqualTo(before.parameterCount()).isEqualTo(expected.parameterCount());
		assertThat(reloaded.weightBytes()).isEqualTo(before.weightBytes());
		assertThat(reloaded.hookCount()).isEqualTo(before.hookCount());
		assertThat(reloaded.architecture()).isEqualTo(expected.architecture());
		assertThat(reloaded.loadedAt()).isAfter(before.loadedAt());
		assertThat(model(RELOADED)).isEqualTo(reloaded);
		assertThat(device(before.device()).weightBytes()).isEqualTo(deviceWeightsBefore);
		List<Map<String, Object>> loads = this.jdbc
			.sql("SELECT parameter_count, loaded_at FROM model_load WHERE model_name = ? ORDER BY id")
			.params(RELOADED)
			.query()
			.listOfRows();
		assertThat(loads).as("one model_load row per load").hasSize(2);
		assertThat(loads).extracting((row) -> row.get("parameter_count")).containsOnly(expected.parameterCount());
		assertThat(loads.get(1).get("loaded_at")).isEqualTo(Timestamp.from(reloaded.loadedAt()));
	}

	@Test
	void loadingAResidentModelIsA409Problem() {
		this.client.post()
			.uri("/api/v1/models/{name}", RESIDENT)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/model-already-loaded")
			.jsonPath("$.model")
			.isEqualTo(RESIDENT);

		assertThat(loadCount(RESIDENT)).isEqualTo(1);
	}

	@Test
	void aNameThatIsNotAPlainFolderNameIsA400ProblemNamingTheParameter() {
		for (String name : List.of(".hidden", "..config", "~root", "con fig")) {
			this.client.post()
				.uri("/api/v1/models/{name}", name)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/invalid-request")
				.jsonPath("$.parameter")
				.isEqualTo("name")
				.jsonPath("$.value")
				.isEqualTo(name);
		}
		// Dot segments never reach the controller: Spring Security's firewall refuses
		// them, also with an invalid-request problem.
		for (String raw : List.of("..", "%2E%2E", "%2e", "./resident", "resident/..")) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(uri("/api/v1/models/" + raw)).POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(response.statusCode()).as(raw).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(raw)
				.hasValueSatisfying((type) -> assertThat(MediaType.parseMediaType(type)).satisfies(
						(media) -> assertThat(media.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue()));
			assertThat(json.readTree(response.body()).path("type").asString()).as(raw)
				.isEqualTo("/problems/invalid-request");
		}
		// Encoded separators are refused earlier still, by Tomcat, with a plain 400.
		for (String raw : List.of("..%2F..%2Fetc", "..%2Fresident", "a%5Cb")) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(uri("/api/v1/models/" + raw)).POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(response.statusCode()).as(raw).isEqualTo(400);
		}
		assertThat(modelNames()).contains(RESIDENT);
	}

	@Test
	void loadingAFolderThatIsNotThereIsA404ProblemListingTheLoadableFolders() {
		for (String name : List.of("no-such-folder", NOT_A_MODEL)) {
			this.client.post()
				.uri("/api/v1/models/{name}", name)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/model-folder-not-found")
				.jsonPath("$.model")
				.isEqualTo(name)
				.jsonPath("$.available")
				.value(List.class,
						(available) -> assertThat(available).contains(BROKEN).doesNotContain(RESIDENT, NOT_A_MODEL));
		}
	}

	@Test
	void aFolderTheEngineCannotLoadIsA422ProblemWithTheReason() {
		this.client.post()
			.uri("/api/v1/models/{name}", BROKEN)
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/model-load-failed")
			.jsonPath("$.model")
			.isEqualTo(BROKEN)
			.jsonPath("$.reason")
			.value(String.class, (reason) -> assertThat(reason).contains(UNSUPPORTED_TYPE));

		assertThat(modelNames()).doesNotContain(BROKEN);
		assertThat(loadCount(BROKEN)).isZero();
	}

	/**
	 * A checkpoint whose header promises more elements than the device can hold twice
	 * over (the file is sparse: it takes no disk). The engine refuses it before taking
	 * any memory.
	 */
	@Test
	void aLoadThatWouldNotFitIsA507ProblemWithTheNumbers() throws IOException {
		String device = model(RESIDENT).device();
		long elements = Math.max(DeviceMemory.of(device).freeBytes() / 2, 1L << 30);
		Path tooBig = models.resolve("too-big");
		try {
			Files.createDirectories(tooBig);
			Files.copy(models.resolve(RESIDENT).resolve("config.json"), tooBig.resolve("config.json"));
			writeSparseCheckpoint(tooBig.resolve("model.safetensors"), elements);
			long needed = 2 * 4 * elements;

			this.client.post()
				.uri("/api/v1/models/{name}", "too-big")
				.exchange()
				.expectStatus()
				.isEqualTo(507)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/model-does-not-fit")
				.jsonPath("$.model")
				.isEqualTo("too-big")
				.jsonPath("$.device")
				.isEqualTo(device)
				.jsonPath("$.neededBytes")
				.isEqualTo(needed)
				.jsonPath("$.freeBytes")
				.value(Long.class, (free) -> assertThat(free).isNotNegative().isLessThan(needed))
				.jsonPath("$.detail")
				.value(String.class, (detail) -> assertThat(detail).contains("too-big").contains(device));
		}
		finally {
			deleteTree(tooBig);
		}
		assertThat(modelNames()).doesNotContain("too-big");
		assertThat(loadCount("too-big")).isZero();
	}

	@Test
	void anUnloadWaitsForTheRequestsUsingTheModelThenFreesIt() throws Exception {
		ModelResponse before = model(LEASED);
		long deviceWeightsBefore = device(before.device()).weightBytes();
		ModelLease lease = this.registry.acquire(LEASED);
		CompletableFuture<HttpResponse<String>> unload;
		try {
			unload = CompletableFuture.supplyAsync(() -> send(
					HttpRequest.newBuilder(uri("/api/v1/models/" + LEASED)).DELETE().timeout(Duration.ofSeconds(30))));
			awaitUnknown(LEASED);

			assertThat(unload).as("the unload waits for the lease").isNotDone();
			assertThat(lease.modelClosed()).isNotDone();
			assertThat(device(before.device()).models()).doesNotContain(LEASED);
			assertThatThrownBy(() -> this.registry.acquire(LEASED)).isInstanceOf(UnknownModelException.class);
			assertThat(allFinite(runModel(lease))).as("the leased model still runs").isTrue();
		}
		finally {
			lease.close();
		}

		assertThat(unload.get(UNLOAD_WAIT.toSeconds() + 10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
		assertThat(lease.modelClosed()).isDone();
		assertThat(device(before.device()).weightBytes()).isEqualTo(deviceWeightsBefore - before.weightBytes());
		assertThatThrownBy(lease::model).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void anUnloadThatOutlastsTheWaitIsAcceptedAndTheLastRequestFreesTheModel() throws Exception {
		ModelLease lease = this.registry.acquire(OUTLASTING);
		try {
			long start = System.nanoTime();
			this.client.delete().uri("/api/v1/models/{name}", OUTLASTING).exchange().expectStatus().isAccepted();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(UNLOAD_WAIT);

			assertThat(modelNames()).doesNotContain(OUTLASTING);
			assertThat(lease.modelClosed()).isNotDone();
			assertThat(allFinite(runModel(lease))).as("the leased model still runs").isTrue();
		}
		finally {
			lease.close();
		}
		lease.modelClosed().get(10, TimeUnit.SECONDS);
	}

	/**
	 * Requests that read the hook catalogue, and leases that run the model, from many
	 * threads while the model is unloaded and loaded again and again. An unload that
	 * freed weights under a running forward pass would crash the JVM or corrupt its
	 * results; instead each request either succeeds or finds no model.
	 */
	@Test
	void concurrentRequestsDuringUnloadsEitherSucceedOrFindNoModel() throws Exception {
		int cycles = 5;
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger succeeded = new AtomicInteger();
		AtomicInteger notFound = new AtomicInteger();
		AtomicInteger leasesRun = new AtomicInteger();
		AtomicInteger leasesRefused = new AtomicInteger();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		ExecutorService threads = Executors.newFixedThreadPool(12);
		List<Future<?>> workers = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				String path = (i % 2 == 0) ? "/api/v1/models/" + CONTENDED + "/hooks" : "/api/v1/models/" + CONTENDED;
				workers.add(threads.submit(() -> {
					while (running.get()) {
						HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
						if (response.statusCode() == 200) {
							succeeded.incrementAndGet();
						}
						else if (response.statusCode() == 404 && "/problems/unknown-model"
							.equals(json.readTree(response.body()).path("type").asString())) {
							notFound.incrementAndGet();
						}
						else {
							failures.add(path + " -> " + response.statusCode() + " " + response.body());
						}
					}
				}));
			}
			for (int i = 0; i < 4; i++) {
				workers.add(threads.submit(() -> {
					while (running.get()) {
						try (ModelLease lease = this.registry.acquire(CONTENDED)) {
							float[] logits = runModel(lease);
							if (logits.length == 0 || !allFinite(logits)) {
								failures
									.add("a leased forward pass returned " + logits.length + " logits, not all finite");
							}
							leasesRun.incrementAndGet();
						}
						catch (UnknownModelException ex) {
							leasesRefused.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failures.add("a leased forward pass failed: " + ex);
						}
					}
				}));
			}
			for (int cycle = 0; cycle < cycles; cycle++) {
				Thread.sleep(100);
				this.client.delete().uri("/api/v1/models/{name}", CONTENDED).exchange().expectStatus().isNoContent();
				Thread.sleep(50);
				this.client.post().uri("/api/v1/models/{name}", CONTENDED).exchange().expectStatus().isCreated();
			}
			Thread.sleep(100);
		}
		finally {
			running.set(false);
			threads.shutdown();
		}
		assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		for (Future<?> worker : workers) {
			worker.get();
		}

		assertThat(failures).isEmpty();
		assertThat(succeeded.get()).isPositive();
		assertThat(leasesRun.get()).isPositive();
		assertThat(notFound.get() + leasesRefused.get()).as("requests that found the model unloaded").isPositive();
		assertThat(modelNames()).contains(CONTENDED);
		assertThat(loadCount(CONTENDED)).isEqualTo(cycles + 1);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM model_unload u JOIN model_load l ON l.id = u.model_load_id
				WHERE l.model_name = ?""").params(CONTENDED).query(Long.class).single()).isEqualTo(cycles);
	}

	private static float[] runModel(ModelLease lease) {
		try (RunResult result = lease.model().runWithHooks(ModelInput.of(new long[] { 1, 2, 3, 4, 5 }), Hooks.none())) {
			return result.output().toFloatArray();
		}
	}

	private static boolean allFinite(float[] values) {
		for (float value : values) {
			if (!Float.isFinite(value)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A safetensors file with one U8 tensor of {@code elements} elements, whose data is a
	 * hole: the length is set, nothing is written.
	 */
	private static void writeSparseCheckpoint(Path file, long elements) throws IOException {
		byte[] header = "{\"huge\":{\"dtype\":\"U8\",\"shape\":[%d],\"data_offsets\":[0,%d]}}"
			.formatted(elements, elements)
			.getBytes(StandardCharsets.UTF_8);
		try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
			out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
			out.write(header);
			out.setLength(8L + header.length + elements);
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (Files.exists(root)) {
			try (Stream<Path> tree = Files.walk(root)) {
				for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	private void awaitUnknown(String name) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (modelNames().contains(name)) {
			assertThat(System.nanoTime()).as("%s still listed", name).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private ModelResponse model(String name) {
		ModelResponse model = this.client.get()
			.uri("/api/v1/models/{name}", name)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(ModelResponse.class)
			.getResponseBody();
		assertThat(model).isNotNull();
		return model;
	}

	private List<String> modelNames() {
		List<ModelResponse> models = this.client.get()
			.uri("/api/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<ModelResponse>>() {
			})
			.getResponseBody();
		assertThat(models).isNotNull();
		return models.stream().map(ModelResponse::name).toList();
	}

	private DeviceResponse device(String device) {
		List<DeviceResponse> devices = this.client.get()
			.uri("/api/v1/devices")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<DeviceResponse>>() {
			})
			.getResponseBody();
		assertThat(devices).isNotNull();
		return devices.stream()
			.filter((d) -> d.device().equals(device))
			.findFirst()
			.orElseGet(() -> new DeviceResponse(device, 0, 0, 0, 0, List.of()));
	}

	private long loadCount(String name) {
		return this.jdbc.sql("SELECT count(*) FROM model_load WHERE model_name = ?")
			.params(name)
			.query(Long.class)
			.single();
	}

	private static void expectUnknownModel(RestTestClient.ResponseSpec response) {
		response.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-model");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.header("Authorization", ItAdminKey.AUTHORIZATION).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
