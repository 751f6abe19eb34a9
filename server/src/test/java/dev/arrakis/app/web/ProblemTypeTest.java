package dev.arrakis.app.web;

import java.net.URI;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem types are a published contract: clients switch on the {@code type} URI, so
 * these must never change.
 */
class ProblemTypeTest {

	@Test
	void typeUrisAreStable() {
		assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::type).map(URI::toString)).containsExactly(
				"/problems/unknown-model", "/problems/model-unavailable", "/problems/model-already-loaded",
				"/problems/model-folder-not-found", "/problems/model-does-not-fit", "/problems/model-load-failed",
				"/problems/invalid-request", "/problems/unknown-experiment", "/problems/unknown-version",
				"/problems/unknown-run", "/problems/invalid-definition", "/problems/not-found",
				"/problems/method-not-allowed", "/problems/internal-error", "/problems/model-source-not-found",
				"/problems/hub-unavailable", "/problems/unknown-job", "/problems/job-queue-full",
				"/problems/no-model-loaded", "/problems/unknown-tool", "/problems/invalid-tool-call",
				"/problems/experiment-access-denied", "/problems/unknown-hook", "/problems/stream-stalled",
				"/problems/unauthenticated", "/problems/forbidden", "/problems/unknown-user",
				"/problems/user-already-exists", "/problems/unknown-api-key", "/problems/no-tokenizer",
				"/problems/request-too-large", "/problems/body-too-large", "/problems/too-many-runs",
				"/problems/run-timed-out");
	}

	@Test
	void aProblemDetailCarriesTypeTitleStatusAndDetail() {
		ProblemDetail problem = ProblemType.UNKNOWN_MODEL.toProblemDetail("No model named 'x' is loaded");

		assertThat(problem.getType()).isEqualTo(URI.create("/problems/unknown-model"));
		assertThat(problem.getTitle()).isEqualTo("Unknown model");
		assertThat(problem.getStatus()).isEqualTo(404);
		assertThat(problem.getDetail()).isEqualTo("No model named 'x' is loaded");
	}

	@Test
	void frameworkErrorsGetTheGenericTypeOfTheirStatus() {
		assertThat(ProblemType.forFrameworkStatus(HttpStatus.BAD_REQUEST)).isEqualTo(ProblemType.INVALID_REQUEST);
		assertThat(ProblemType.forFrameworkStatus(HttpStatus.NOT_FOUND)).isEqualTo(ProblemType.NOT_FOUND);
		assertThat(ProblemType.forFrameworkStatus(HttpStatus.METHOD_NOT_ALLOWED))
			.isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
		assertThat(ProblemType.forFrameworkStatus(HttpStatus.SERVICE_UNAVAILABLE))
			.isEqualTo(ProblemType.INTERNAL_ERROR);
		assertThat(ProblemType.forFrameworkStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE))
			.as("no type of its own: about:blank")
			.isNull();
	}

}
