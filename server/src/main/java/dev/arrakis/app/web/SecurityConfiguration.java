package dev.arrakis.app.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.arrakis.app.accounts.ApiKeySecurity;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * The HTTP security of a stateless JSON API: no sessions, no CSRF tokens (no cookies
 * carry credentials), no login form, no HTTP Basic. Callers authenticate with an API key
 * ({@code Authorization: Bearer <key>}, see {@link ApiKeySecurity}); a missing or bad key
 * is a {@code 401} problem, a role that does not allow the request a {@code 403} problem.
 *
 * <p>
 * Who may do what, in one place (the first rule that matches decides):
 * <ul>
 * <li>health, the API docs, the error page and the dashboard's static files (the
 * dashboard asks for a key itself): everyone, without a key;</li>
 * <li>the audit log and user management: admins; a user's own keys and profile: that user
 * too (the controller checks that the path names the caller);</li>
 * <li>{@code GET} on the API and WebSocket handshakes: every role (viewers only
 * read);</li>
 * <li>running models, tools and experiments ({@code POST} on {@code run},
 * {@code tokenize}, {@code detokenize}, a model's tools, hypothesis tests and plots,
 * experiments, runs and jobs) and {@code DELETE} of experiments, runs and jobs:
 * researchers and admins (the controllers check that researchers delete only their
 * own);</li>
 * <li>everything else under {@code /api} and {@code /ws}, including loading and unloading
 * models: admins;</li>
 * <li>any other path: refused.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String ADMIN = "ADMIN";

	private static final String RESEARCHER = "RESEARCHER";

	private static final String VIEWER = "VIEWER";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeySecurity apiKeys) throws Exception {
		return apiKeys.applyTo(http)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health/**", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**",
						"/swagger-ui.html", "/error")
				.permitAll()
				.requestMatchers(GET, "/", "/index.html", "/assets/**", "/favicon.svg")
				.permitAll()
				// Accounts: own keys and profile for everyone, the rest for admins.
				.requestMatchers("/api/v1/users/*/keys", "/api/v1/users/*/keys/*")
				.hasAnyRole(ADMIN, RESEARCHER, VIEWER)
				.requestMatchers(GET, "/api/v1/me", "/api/v1/users/*")
				.hasAnyRole(ADMIN, RESEARCHER, VIEWER)
				.requestMatchers("/api/v1/users/**", "/api/v1/audit/**")
				.hasRole(ADMIN)
				// Reading: every role.
				.requestMatchers(GET, "/api/**", "/ws/**")
				.hasAnyRole(ADMIN, RESEARCHER, VIEWER)
				// Running things: researchers and admins.
				.requestMatchers(POST, "/api/v1/models/*/run", "/api/v1/models/*/tokenize",
						"/api/v1/models/*/detokenize", "/api/v1/models/*/tools/**", "/api/v1/models/*/hypothesis",
						"/api/v1/models/*/plots", "/api/v1/tools/**", "/api/v1/experiments/**", "/api/v1/runs/**",
						"/api/v1/jobs/**")
				.hasAnyRole(ADMIN, RESEARCHER)
				.requestMatchers(DELETE, "/api/v1/experiments/**", "/api/v1/runs/**", "/api/v1/jobs/**")
				.hasAnyRole(ADMIN, RESEARCHER)
				// Everything else, loading and unloading models included: admins.
				.requestMatchers("/api/**", "/ws/**")
				.hasRole(ADMIN)
				.anyRequest()
				.denyAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.build();
	}

}
