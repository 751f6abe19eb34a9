package dev.arrakis.app.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem detail ({@code application/problem+json})
 * with a stable {@code type}:
 * <ul>
 * <li>{@link ApiProblemException}s from the features, as they describe themselves;</li>
 * <li>Spring MVC's own errors (malformed body, unknown path, wrong method, ...), through
 * {@link ResponseEntityExceptionHandler}, with the generic {@link ProblemType} for their
 * status;</li>
 * <li>anything else as {@link ProblemType#INTERNAL_ERROR}, logged here, with no internals
 * in the response.</li>
 * </ul>
 * Because this is a {@code ResponseEntityExceptionHandler}, Spring Boot's default
 * problem-details handler (switched on by {@code spring.mvc.problemdetails.enabled})
 * backs off in its favour.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	@ExceptionHandler(ApiProblemException.class)
	ResponseEntity<ProblemDetail> handleApiProblem(ApiProblemException ex) {
		ProblemDetail problem = ex.toProblemDetail();
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/**
	 * The engine, the tools and the bench report bad input as
	 * {@link IllegalArgumentException}s whose messages name the parameter and what is
	 * allowed: that is a {@code 400}, not a server failure.
	 */
	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> handleIllegalArgument(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemType.INVALID_REQUEST
			.toProblemDetail(Objects.requireNonNullElse(ex.getMessage(), "The request has an invalid value."));
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/**
	 * A body that is not JSON, or not the JSON the endpoint takes: the detail names the
	 * field (an unknown one, or one of the wrong type) where the parser knows it.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = "The request body is not valid JSON for this endpoint.";
		if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
			detail = "Unknown field '%s'; the fields of this request are %s".formatted(unknown.getPropertyName(),
					unknown.getKnownPropertyIds());
		}
		else if (ex.getCause() instanceof DatabindException mismatch && !mismatch.getPath().isEmpty()) {
			detail = "Field '%s' has the wrong type: %s".formatted(path(mismatch), mismatch.getOriginalMessage());
		}
		ProblemDetail problem = ProblemType.INVALID_REQUEST.toProblemDetail(detail);
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	private static String path(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	/** Failed bean validation names every field at fault and why. */
	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "reason",
					Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid")))
			.toList();
		String detail = errors.stream()
			.map((error) -> error.get("field") + " " + error.get("reason"))
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemType.INVALID_REQUEST
			.toProblemDetail(detail.isEmpty() ? "The request body is invalid." : detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, WebRequest request) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			// Spring Security's ExceptionTranslationFilter answers these with 401/403,
			// not this handler with 500.
			throw ex;
		}
		logger.error("Unhandled error on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemType.INTERNAL_ERROR
			.toProblemDetail("The server failed to handle this request; the server log has the details.");
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			ProblemType type = ProblemType.forFrameworkStatus(statusCode);
			if (type != null) {
				problem.setType(type.type());
				problem.setTitle(type.title());
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

}
