package dev.arrakis.app.accounts;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the API key of a request, {@code Authorization: Bearer <key>}, or on
 * {@code /ws/**} only also the {@code access_token} query parameter (browsers cannot set
 * headers on a WebSocket handshake). A valid key authenticates the request; a key that is
 * malformed, unknown, revoked or whose user is disabled is answered {@code 401} at once.
 * A request without a key goes on anonymously, and the authorization rules decide.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final ApiKeyAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, AuthenticationEntryPoint entryPoint) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			String key = key(request);
			if (key != null) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(this.authenticator.authenticate(key));
				SecurityContextHolder.setContext(context);
			}
		}
		catch (AuthenticationException ex) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private static @Nullable String key(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.substring(7).isBlank()) {
				throw new BadCredentialsException("The Authorization header must be 'Bearer <api key>'");
			}
			return header.substring(BEARER.length()).strip();
		}
		if (request.getServletPath().startsWith("/ws/")) {
			String token = request.getParameter("access_token");
			if (token != null) {
				if (token.isBlank()) {
					throw new BadCredentialsException("The access_token parameter is empty");
				}
				return token.strip();
			}
		}
		return null;
	}

}
