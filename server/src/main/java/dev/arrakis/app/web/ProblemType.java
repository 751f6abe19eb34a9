package dev.arrakis.app.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Every kind of error the API reports, with a stable {@code type} URI
 * ({@code /problems/<slug>}, relative to the server, as RFC 9457 allows), a human title
 * and the HTTP status. Clients may switch on the type; titles may be reworded, slugs
 * never change.
 */
public enum ProblemType {

	/** The path names a model that is not loaded; the problem lists the loaded ones. */
	UNKNOWN_MODEL("unknown-model", "Unknown model", HttpStatus.NOT_FOUND),

	/**
	 * The model's folder exists but the model failed to load at startup; the problem
	 * gives the reason.
	 */
	MODEL_UNAVAILABLE("model-unavailable", "Model failed to load", HttpStatus.SERVICE_UNAVAILABLE),

	/**
	 * A load named a model that is already resident; unload it first to load it again.
	 */
	MODEL_ALREADY_LOADED("model-already-loaded", "Model already loaded", HttpStatus.CONFLICT),

	/**
	 * A load named no model folder (a direct subfolder of the model directory with a
	 * {@code config.json}); the problem lists the folders that can be loaded.
	 */
	MODEL_FOLDER_NOT_FOUND("model-folder-not-found", "No such model folder", HttpStatus.NOT_FOUND),

	/**
	 * A load was refused because the device lacks the memory; the problem carries
	 * {@code neededBytes}, {@code freeBytes} and {@code device}. Unloading a model frees
	 * memory.
	 */
	MODEL_DOES_NOT_FIT("model-does-not-fit", "Model does not fit in device memory", HttpStatus.INSUFFICIENT_STORAGE),

	/**
	 * The model folder exists but could not be turned into a model (unsupported
	 * architecture, malformed config or checkpoint, ...); the problem gives the reason.
	 */
	MODEL_LOAD_FAILED("model-load-failed", "Model could not be loaded", HttpStatus.UNPROCESSABLE_CONTENT),

	/**
	 * The request could not be read or bound: malformed body, wrong parameter type,
	 * failed validation.
	 */
	INVALID_REQUEST("invalid-request", "Invalid request", HttpStatus.BAD_REQUEST),

	/**
	 * No experiment of that name for this owner; the problem lists the owner's
	 * experiments.
	 */
	UNKNOWN_EXPERIMENT("unknown-experiment", "Unknown experiment", HttpStatus.NOT_FOUND),

	/** The experiment has no version with that hash; the problem lists its versions. */
	UNKNOWN_VERSION("unknown-version", "Unknown experiment version", HttpStatus.NOT_FOUND),

	/** No run with that id. */
	UNKNOWN_RUN("unknown-run", "Unknown run", HttpStatus.NOT_FOUND),

	/**
	 * An experiment definition was refused before anything ran; {@code problems} lists
	 * every problem as {@code {path, reason}}.
	 */
	INVALID_DEFINITION("invalid-definition", "Invalid experiment definition", HttpStatus.UNPROCESSABLE_CONTENT),

	/** No endpoint at this path. */
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),

	/** The endpoint exists but not for this HTTP method. */
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),

	/**
	 * An error the server did not anticipate; the detail never carries internals, the log
	 * does.
	 */
	INTERNAL_ERROR("internal-error", "Internal server error", HttpStatus.INTERNAL_SERVER_ERROR),

	/**
	 * The request needs text turned into tokens (or back) but the model has no tokenizer;
	 * send token ids instead.
	 */
	NO_TOKENIZER("no-tokenizer", "Model has no tokenizer", HttpStatus.UNPROCESSABLE_CONTENT),

	/**
	 * A run named a hook that the model does not have, or a pattern that matches none of
	 * its hooks; {@code suggestions} lists the closest hook names.
	 */
	UNKNOWN_HOOK("unknown-hook", "Unknown hook", HttpStatus.BAD_REQUEST),

	/**
	 * A run would return more activation and logit memory than the server allows;
	 * {@code estimatedBytes} and {@code limitBytes} say by how much. Select fewer hooks,
	 * positions or heads, or a shorter input.
	 */
	REQUEST_TOO_LARGE("request-too-large", "Request too large", HttpStatus.CONTENT_TOO_LARGE),

	/**
	 * The request body is larger than the server accepts; {@code limitBytes} is the
	 * limit.
	 */
	BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),

	/**
	 * The caller already has as many runs in progress as allowed ({@code limit}); retry
	 * after the {@code Retry-After} seconds.
	 */
	TOO_MANY_RUNS("too-many-runs", "Too many concurrent runs", HttpStatus.TOO_MANY_REQUESTS),

	/**
	 * A run did not finish within the server's time limit ({@code timeoutMillis}); its
	 * result is discarded.
	 */
	RUN_TIMED_OUT("run-timed-out", "Run timed out", HttpStatus.SERVICE_UNAVAILABLE);

	private final URI type;

	private final String title;

	private final HttpStatus status;

	ProblemType(String slug, String title, HttpStatus status) {
		this.type = URI.create("/problems/" + slug);
		this.title = title;
		this.status = status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** A problem detail of this type with the given detail text. */
	public ProblemDetail toProblemDetail(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		return problem;
	}

	/**
	 * The generic type for an error Spring MVC raised itself (unreadable body, unknown
	 * path, ...), or {@code null} where the status has no type of its own and
	 * {@code about:blank} (RFC 9457: "no semantics beyond the status") is right.
	 */
	static @Nullable ProblemType forFrameworkStatus(HttpStatusCode status) {
		if (status.is5xxServerError()) {
			return INTERNAL_ERROR;
		}
		return switch (status.value()) {
			case 400 -> INVALID_REQUEST;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			default -> null;
		};
	}

}
