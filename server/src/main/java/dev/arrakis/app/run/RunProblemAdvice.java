package dev.arrakis.app.run;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.arrakis.app.web.ProblemType;

/**
 * The run endpoints' own error mapping, ahead of the application-wide one: the
 * {@code Retry-After} header of a refused run, bean-validation failures that name each
 * field, and any remaining {@link IllegalArgumentException} from the engine (bad input it
 * caught before running) as a 400 with its message, never a 500. Everything else falls
 * through to the application's problem-details advice.
 */
@RestControllerAdvice(assignableTypes = { RunController.class, TokenizeController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class RunProblemAdvice {

	@ExceptionHandler(TooManyRunsException.class)
	ResponseEntity<ProblemDetail> tooManyRuns(TooManyRunsException ex) {
		ProblemDetail problem = ex.toProblemDetail();
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(TooManyRunsException.RETRY_AFTER_SECONDS))
			.body(problem);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException ex) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		String detail = errors.stream()
			.map((error) -> error.get("field") + ": " + error.get("message"))
			.reduce((a, b) -> a + "; " + b)
			.orElse("the request body is invalid");
		ProblemDetail problem = ProblemType.INVALID_REQUEST.toProblemDetail(detail);
		if (!errors.isEmpty()) {
			problem.setProperty("field", errors.get(0).get("field"));
		}
		problem.setProperty("errors", errors);
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemType.INVALID_REQUEST.toProblemDetail(String.valueOf(ex.getMessage()));
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
