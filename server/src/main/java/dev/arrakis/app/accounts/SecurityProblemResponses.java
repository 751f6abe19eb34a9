package dev.arrakis.app.accounts;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import dev.arrakis.app.web.ProblemResponses;
import dev.arrakis.app.web.ProblemType;

/**
 * Answers the requests Spring Security refuses with problem details like every other
 * error: {@code 401} {@code /problems/unauthenticated} with {@code WWW-Authenticate:
 * Bearer} (RFC 6750; {@code error="invalid_token"} when a key was sent but not accepted),
 * and {@code 403} {@code /problems/forbidden} naming the caller.
 */
@Component
class SecurityProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper json;

	SecurityProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		boolean noKey = authException instanceof InsufficientAuthenticationException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				noKey ? "Bearer realm=\"arrakis\"" : "Bearer realm=\"arrakis\", error=\"invalid_token\"");
		String detail = noKey ? "This endpoint needs an API key: send the header 'Authorization: Bearer <api key>'."
				: authException.getMessage() + ".";
		write(response, ProblemType.UNAUTHENTICATED.toProblemDetail(detail));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String name = (caller != null) ? caller.getName() : "anonymous";
		write(response, ProblemType.FORBIDDEN
			.toProblemDetail("User '%s' may not %s %s.".formatted(name, request.getMethod(), request.getRequestURI())));
	}

	private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		ProblemResponses.write(this.json, response, problem);
	}

}
