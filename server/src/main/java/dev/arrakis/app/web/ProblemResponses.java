package dev.arrakis.app.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem detail straight to a servlet response, for the refusals made before a
 * request reaches Spring MVC (security, firewall, body limits), so that they look like
 * every other error.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	/**
	 * Writes {@code problem} (type, title, status, detail, extension members) as the
	 * response.
	 */
	public static void write(JsonMapper json, HttpServletResponse response, ProblemDetail problem) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), body);
	}

}
