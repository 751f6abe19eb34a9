package dev.arrakis.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as users start it: the packaged jar ({@code java -jar}) in a process of its
 * own, on a free port, with its own data folders. Started for tests that must see what
 * ships (the dashboard inside the jar, the runtime classpath), not what the test
 * classpath happens to contain.
 */
final class PackagedServer implements AutoCloseable {

	private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

	private final Process process;

	private final int port;

	private final Path log;

	private PackagedServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts {@code jar} with the bundled models and an admin whose key is
	 * {@code adminKey}, its database and artifacts under {@code dataDir}, and waits until
	 * its health endpoint answers UP.
	 */
	static PackagedServer start(Path jar, Path modelsDir, Path dataDir, String adminKey) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The packaged server is missing: " + jar + " (run `./mvnw verify`)");
		}
		int port = freePort();
		Path log = dataDir.resolve("server.log");
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx1g", "-Dai.djl.offline=true",
				"-DDJL_CACHE_DIR=" + dataDir.resolve("djl-cache"), "-jar", jar.toString(), "--server.port=" + port,
				"--arrakis.models.dir=" + modelsDir, "--arrakis.db.data-dir=" + dataDir.resolve("postgres"),
				"--arrakis.bench.artifacts-dir=" + dataDir.resolve("artifacts"),
				"--arrakis.bench.datasets-dir=" + dataDir.resolve("datasets"),
				"--arrakis.security.bootstrap-admin-key=" + adminKey,
				"--arrakis.security.admin-key-file=" + dataDir.resolve("admin-api-key")));
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().put("DJL_CACHE_DIR", dataDir.resolve("djl-cache").toString());
			PackagedServer server = new PackagedServer(builder.start(), port, log);
			server.awaitHealthy();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	Path log() {
		return this.log;
	}

	private void awaitHealthy() {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The packaged server exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				HttpResponse<String> health = client.send(
						HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(Duration.ofMillis(500));
		}
		close();
		throw new IllegalStateException(
				"The packaged server was not healthy within " + STARTUP_LIMIT + "; see " + this.log);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
