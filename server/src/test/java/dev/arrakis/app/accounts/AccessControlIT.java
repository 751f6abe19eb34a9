package dev.arrakis.app.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItAdminKey;
import dev.arrakis.app.models.ItDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys, roles and the audit log on a running server with the bundled models and the
 * integration tests' bootstrap admin key. Each test creates the users it needs under its
 * own names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessControlIT {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AuditLog auditLog;

	@Autowired
	private ApiKeyAuthenticator authenticator;

	private RestTestClient admin;

	private RestTestClient anonymous;

	@DynamicPropertySource
	static void embeddedDatabaseAndBundledModels(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("access-control-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		ItAdminKey.register(registry);
	}

	@BeforeEach
	void connect() {
		this.admin = ItAdminKey.client(this.port);
		this.anonymous = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void noKeyIsA401ProblemWithABearerChallenge() {
		this.anonymous.get()
			.uri("/api/v1/models")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("WWW-Authenticate", (challenge) -> assertThat(challenge).startsWith("Bearer"))
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unauthenticated")
			.jsonPath("$.status")
			.isEqualTo(401);
		this.anonymous.post().uri("/api/v1/models/tiny-gpt2-bytes").exchange().expectStatus().isUnauthorized();
		this.anonymous.get().uri("/api/v1/no-such-endpoint").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void anUnknownKeyOrAMalformedHeaderIsA401Problem() {
		for (String authorization : List.of("Bearer not-a-key", "Bearer ak_" + "A".repeat(43), "Basic YWRtaW46eA==",
				"Bearer ", ItAdminKey.KEY)) {
			this.anonymous.get()
				.uri("/api/v1/models")
				.header("Authorization", authorization)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.value("WWW-Authenticate", (challenge) -> assertThat(challenge).contains("invalid_token"))
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/unauthenticated");
		}
	}

	@Test
	void healthAndTheApiDocsAreOpenWithoutAKey() {
		this.anonymous.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components")
			.doesNotExist();
		this.anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.anonymous.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/users']")
			.exists()
			.jsonPath("$.components.securitySchemes.apiKey.scheme")
			.isEqualTo("bearer");
		this.admin.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.db.status")
			.isEqualTo("UP");
	}

	@Test
	void theBootstrapAdminIsTheOnlyAdminAndItsKeyIsStoredAsItsHash() {
		this.admin.get()
			.uri("/api/v1/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo("admin")
			.jsonPath("$.role")
			.isEqualTo("admin");
		assertThat(this.jdbc.sql("SELECT username FROM app_user WHERE role = 'admin'").query(String.class).list())
			.containsExactly("admin");
		assertThat(this.jdbc.sql("""
				SELECT k.key_sha256 FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE u.username = 'admin'""")
			.query(String.class)
			.list()).containsExactly(sha256(ItAdminKey.KEY));
	}

	@Test
	void aViewerReadsButCannotLoadOrUnloadModels() {
		String key = createUserWithKey("vera", "viewer", List.of());
		RestTestClient viewer = as(key);

		viewer.get().uri("/api/v1/models").exchange().expectStatus().isOk();
		viewer.get().uri("/api/v1/models/tiny-llama-bytes/hooks").exchange().expectStatus().isOk();
		for (RestTestClient.ResponseSpec refused : List.of(viewer.post().uri("/api/v1/models/x").exchange(),
				viewer.delete().uri("/api/v1/models/tiny-llama-bytes").exchange(),
				viewer.post().uri("/api/v1/models/tiny-llama-bytes/run").exchange())) {
			refused.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/forbidden")
				.jsonPath("$.detail")
				.value(String.class, (detail) -> assertThat(detail).contains("vera"));
		}
		this.admin.get().uri("/api/v1/models/tiny-llama-bytes").exchange().expectStatus().isOk();
	}

	@Test
	void aResearcherCannotLoadOrUnloadModelsButTheAdminCanAndBothAreAudited() {
		String key = createUserWithKey("rosa", "researcher", List.of());
		RestTestClient researcher = as(key);
		String model = "tiny-gpt2-bytes";

		researcher.delete().uri("/api/v1/models/{name}", model).exchange().expectStatus().isForbidden();
		researcher.post().uri("/api/v1/models/{name}", model).exchange().expectStatus().isForbidden();
		this.admin.delete().uri("/api/v1/models/{name}", model).exchange().expectStatus().isNoContent();
		this.admin.post().uri("/api/v1/models/{name}", model).exchange().expectStatus().isCreated();
		this.auditLog.flush();

		List<Map<String, Object>> rows = this.jdbc.sql("""
				SELECT username, action, model, status, duration_ms FROM audit_event WHERE model = ? ORDER BY id""")
			.params(model)
			.query()
			.listOfRows();
		assertThat(rows).extracting((row) -> row.get("username") + " " + row.get("action") + " " + row.get("status"))
			.containsExactly("rosa DELETE /api/v1/models/" + model + " 403",
					"rosa POST /api/v1/models/" + model + " 403", "admin DELETE /api/v1/models/" + model + " 204",
					"admin POST /api/v1/models/" + model + " 201");
		assertThat(rows).allSatisfy((row) -> assertThat((Long) row.get("duration_ms")).isNotNegative());

		AuditPage page = this.admin.get()
			.uri("/api/v1/audit?model={model}&limit=3", model)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(AuditPage.class)
			.getResponseBody();
		assertThat(page).isNotNull();
		assertThat(page.events()).extracting(AuditEvent::action)
			.containsExactly("POST /api/v1/models/" + model, "DELETE /api/v1/models/" + model,
					"POST /api/v1/models/" + model);
		assertThat(page.nextBefore()).isEqualTo(page.events().get(2).id());
		AuditPage rest = this.admin.get()
			.uri("/api/v1/audit?model={model}&before={before}", model, page.nextBefore())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(AuditPage.class)
			.getResponseBody();
		assertThat(rest).isNotNull();
		assertThat(rest.events()).extracting(AuditEvent::username).containsExactly("rosa");
		assertThat(rest.nextBefore()).isNull();
		this.admin.get()
			.uri("/api/v1/audit?user=rosa&model={model}", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events.length()")
			.isEqualTo(2);
		researcher.get().uri("/api/v1/audit").exchange().expectStatus().isForbidden();
		this.admin.get()
			.uri("/api/v1/audit?limit=0")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("limit");
	}

	@Test
	void aKeyIsShownOnceThenOnlyItsPrefixAndTheTableHoldsItsHashNotTheKey() {
		createUser("kim", "researcher", List.of());
		CreatedKeyResponse created = createKey("kim", "laptop");

		assertThat(created.key()).startsWith("ak_").hasSize(46);
		assertThat(created.prefix()).isEqualTo(created.key().substring(0, 8));
		String listed = this.admin.get()
			.uri("/api/v1/users/kim/keys")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		assertThat(listed).contains(created.prefix()).contains("laptop").doesNotContain(created.key());
		assertThat(listed).doesNotContain(sha256(created.key())).doesNotContain("\"key\"");

		Map<String, Object> row = this.jdbc.sql("SELECT * FROM api_key WHERE id = ?")
			.params(created.id())
			.query()
			.singleRow();
		assertThat(row).containsEntry("key_sha256", sha256(created.key())).containsEntry("prefix", created.prefix());
		assertThat(row.values()).noneSatisfy((value) -> assertThat(String.valueOf(value)).contains(created.key()));
		as(created.key()).get().uri("/api/v1/me").exchange().expectStatus().isOk();
	}

	@Test
	void aRevokedKeyIsRefusedAndOtherKeysStillWork() {
		createUser("rex", "researcher", List.of());
		CreatedKeyResponse first = createKey("rex", "first");
		CreatedKeyResponse second = createKey("rex", "second");
		as(first.key()).get().uri("/api/v1/models").exchange().expectStatus().isOk();

		as(first.key()).delete().uri("/api/v1/users/rex/keys/{id}", first.id()).exchange().expectStatus().isNoContent();

		as(first.key()).get().uri("/api/v1/models").exchange().expectStatus().isUnauthorized();
		as(second.key()).get().uri("/api/v1/models").exchange().expectStatus().isOk();
		List<StoredKey> keys = as(second.key()).get()
			.uri("/api/v1/users/rex/keys")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<List<StoredKey>>() {
			})
			.getResponseBody();
		assertThat(keys).extracting(StoredKey::name).containsExactly("first", "second");
		assertThat(keys.get(0).revokedAt()).isNotNull();
		assertThat(keys.get(0).lastUsedAt()).isNotNull();
		assertThat(keys.get(1).revokedAt()).isNull();
		this.admin.delete()
			.uri("/api/v1/users/rex/keys/{id}", 999_999)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-api-key");
	}

	@Test
	void aDisabledUsersKeysAreRefusedUntilTheUserIsEnabledAgain() {
		String key = createUserWithKey("dora", "researcher", List.of());
		as(key).get().uri("/api/v1/models").exchange().expectStatus().isOk();

		this.admin.patch()
			.uri("/api/v1/users/dora")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.disabled")
			.isEqualTo(true);
		as(key).get().uri("/api/v1/models").exchange().expectStatus().isUnauthorized();

		this.admin.patch()
			.uri("/api/v1/users/dora")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("disabled", false, "role", "viewer"))
			.exchange()
			.expectStatus()
			.isOk();
		as(key).get()
			.uri("/api/v1/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo("viewer");
	}

	@Test
	void onlyAdminsManageUsersAndUsersManageTheirOwnKeys() {
		String key = createUserWithKey("ravi", "researcher", List.of("vision", "circuits"));
		RestTestClient researcher = as(key);
		createUser("other", "viewer", List.of());

		researcher.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", "mallory", "role", "admin"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/forbidden");
		researcher.get().uri("/api/v1/users").exchange().expectStatus().isForbidden();
		researcher.patch()
			.uri("/api/v1/users/ravi")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("role", "admin"))
			.exchange()
			.expectStatus()
			.isForbidden();
		researcher.get().uri("/api/v1/users/other/keys").exchange().expectStatus().isForbidden();
		researcher.post()
			.uri("/api/v1/users/other/keys")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "sneaky"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.jdbc.sql("SELECT count(*) FROM app_user WHERE username = 'mallory'").query(Long.class).single())
			.isZero();

		researcher.post()
			.uri("/api/v1/users/ravi/keys")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "second"))
			.exchange()
			.expectStatus()
			.isCreated();
		researcher.get()
			.uri("/api/v1/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo("ravi")
			.jsonPath("$.role")
			.isEqualTo("researcher")
			.jsonPath("$.teams")
			.isEqualTo(List.of("circuits", "vision"));
		Authentication authentication = this.authenticator.authenticate(key);
		assertThat(authentication.getName()).isEqualTo("ravi");
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("ROLE_RESEARCHER", "TEAM_circuits", "TEAM_vision");
	}

	@Test
	void badUserRequestsAre4xxProblemsNamingTheField() {
		createUser("taken", "viewer", List.of());
		this.admin.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", "taken", "role", "viewer"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/user-already-exists");
		for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("username", "Bad Name", "role", "viewer"),
				Map.of("username", "fine", "role", "superuser"),
				Map.of("username", "fine2", "role", "viewer", "teams", List.of("ok", "not ok")))) {
			String field = body.get("username").equals("Bad Name") ? "username"
					: body.containsKey("teams") ? "teams" : "role";
			this.admin.post()
				.uri("/api/v1/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/invalid-request")
				.jsonPath("$.field")
				.isEqualTo(field);
		}
		this.admin.patch()
			.uri("/api/v1/users/nobody")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unknown-user");
	}

	private String createUserWithKey(String username, String role, List<String> teams) {
		createUser(username, role, teams);
		return createKey(username, "main").key();
	}

	private void createUser(String username, String role, List<String> teams) {
		this.admin.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "role", role, "teams", teams))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/users/" + username);
	}

	private CreatedKeyResponse createKey(String username, String name) {
		CreatedKeyResponse created = this.admin.post()
			.uri("/api/v1/users/{name}/keys", username)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name))
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult(CreatedKeyResponse.class)
			.getResponseBody();
		assertThat(created).isNotNull();
		return created;
	}

	private RestTestClient as(String key) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer " + key)
			.build();
	}

	/** SHA-256 computed here, independently of {@link ApiKeys}. */
	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
