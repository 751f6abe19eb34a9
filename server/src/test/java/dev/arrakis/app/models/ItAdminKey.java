package dev.arrakis.app.models;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The API key of the admin every integration-test server creates on first start: set
 * {@link #PROPERTY} to {@link #KEY} and send {@code Authorization: Bearer it-admin-key}.
 */
public final class ItAdminKey {

	public static final String PROPERTY = "arrakis.security.bootstrap-admin-key";

	public static final String KEY = "it-admin-key";

	public static final String AUTHORIZATION = "Bearer " + KEY;

	private ItAdminKey() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add(PROPERTY, () -> KEY);
	}

	/**
	 * A client of the server on {@code port} that sends the admin key on every request.
	 */
	public static RestTestClient client(int port) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.defaultHeader("Authorization", AUTHORIZATION)
			.build();
	}

}
