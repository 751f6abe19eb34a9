package dev.arrakis.app.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a request that Spring Security's firewall refuses before any controller sees it
 * (a path with {@code .} or {@code ..} segments, an encoded {@code .}, {@code ;}, ...)
 * with an {@link ProblemType#INVALID_REQUEST} problem detail, like every other 400,
 * instead of the servlet container's error page. Such paths could otherwise smuggle a
 * path into a path variable, e.g. {@code POST /api/v1/models/..}. (Encoded {@code /} and
 * {@code \} are refused even earlier, by Tomcat itself, with a plain 400.)
 */
@Component
class RejectedRequestProblemHandler implements RequestRejectedHandler {

	private final JsonMapper json;

	RejectedRequestProblemHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		ProblemDetail problem = ProblemType.INVALID_REQUEST
			.toProblemDetail("The request path was refused before reaching the API: %s Path segments may not be "
				.formatted(requestRejectedException.getMessage()) + "'.' or '..', nor hold encoded '.', '/' or '\\'.");
		ProblemResponses.write(this.json, response, problem);
	}

}
