package dev.arrakis.app.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as users get it: the packaged jar serves it at {@code /}, and its browser
 * tests ({@code web-ui/e2e}, playwright-core driving Debian's chromium) pass against that
 * server with the bundled models. Screenshots of every view are written to
 * {@code web-ui/target/e2e-screenshots}.
 */
class DashboardE2eIT {

	private static final String ADMIN_KEY = "e2e-admin-key";

	private static final Path REPOSITORY = Path.of(System.getProperty("basedir", "."), "..")
		.toAbsolutePath()
		.normalize();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static PackagedServer server;

	@BeforeAll
	static void startPackagedServer() {
		server = PackagedServer.start(Path.of(System.getProperty("arrakis.server.jar", "missing.jar")),
				BundledModels.directory(), ItDirectories.fresh("dashboard-e2e"), ADMIN_KEY);
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void theJarServesTheDashboardWithoutAKeyAndStillGuardsTheApi() throws Exception {
		HttpResponse<String> index = get("/");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(index.body()).contains("<div id=\"root\"></div>").contains("<title>Arrakis</title>");
		assertThat(index.body()).as("the jar serves the dashboard of this build, not an older one")
			.isEqualTo(Files.readString(REPOSITORY.resolve("web-ui/target/classes/static/index.html")));

		Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index.body());
		assertThat(script.find()).as("index.html names its script").isTrue();
		HttpResponse<String> bundle = get(script.group(1));
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("javascript"));

		assertThat(get("/api/v1/models").statusCode()).isEqualTo(401);
	}

	@Test
	void theDashboardPassesItsBrowserTestsInChromium() throws Exception {
		Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
		assertThat(Files.isExecutable(chromium))
			.as("Debian's chromium at %s drives the browser tests: apt-get install -y chromium (.ci/run does)",
					chromium)
			.isTrue();
		Path webUi = REPOSITORY.resolve("web-ui");
		Path output = server.log().resolveSibling("e2e.log");
		ProcessBuilder npm = new ProcessBuilder("npm", "run", "e2e").directory(webUi.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		npm.environment().put("ARRAKIS_URL", server.url());
		npm.environment().put("ARRAKIS_KEY", ADMIN_KEY);
		npm.environment().put("CHROMIUM", chromium.toString());
		npm.environment().put("NO_COLOR", "1");
		Process run = npm.start();
		boolean finished = run.waitFor(15, TimeUnit.MINUTES);
		if (!finished) {
			run.destroyForcibly();
		}
		String log = Files.readString(output, StandardCharsets.UTF_8);
		System.out.println(log);
		assertThat(finished).as("the browser tests finished within 15 minutes").isTrue();
		assertThat(run.exitValue()).as("npm run e2e (output above, server log in %s)", server.log()).isZero();
		assertThat(log).doesNotContain("skipped");
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
