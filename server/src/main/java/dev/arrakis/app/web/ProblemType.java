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
	 * A load named a Hugging Face repository or revision that the cache (or the hub) does
	 * not have; the problem lists the revisions the cache holds.
	 */
	MODEL_SOURCE_NOT_FOUND("model-source-not-found", "No such model source", HttpStatus.NOT_FOUND),

	/**
	 * A download from the Hugging Face hub was disabled, unreachable or refused; the
	 * detail says which.
	 */
	HUB_UNAVAILABLE("hub-unavailable", "Hugging Face hub unavailable", HttpStatus.BAD_GATEWAY),

	/** No job with that id that the caller may see. */
	UNKNOWN_JOB("unknown-job", "Unknown job", HttpStatus.NOT_FOUND),

	/** The job queue is full; the problem gives its capacity. */
	JOB_QUEUE_FULL("job-queue-full", "Job queue full", HttpStatus.TOO_MANY_REQUESTS),

	/**
	 * The answer needs a resident model (e.g. to describe the tools) and none is loaded;
	 * load one with {@code POST /api/v1/models/{name}}.
	 */
	NO_MODEL_LOADED("no-model-loaded", "No model loaded", HttpStatus.SERVICE_UNAVAILABLE),

	/** No interpretability tool under that key; the problem lists the keys. */
	UNKNOWN_TOOL("unknown-tool", "Unknown tool", HttpStatus.NOT_FOUND),

	/**
	 * A tool call named an unknown tool, method or parameter, or a value that does not
	 * fit its parameter; {@code parameter} names it where one is at fault.
	 */
	INVALID_TOOL_CALL("invalid-tool-call", "Invalid tool call", HttpStatus.BAD_REQUEST),

	/**
	 * The caller may see the experiment but not change it: only its owner and
	 * administrators may.
	 */
	EXPERIMENT_ACCESS_DENIED("experiment-access-denied", "Experiment access denied", HttpStatus.FORBIDDEN),

	/**
	 * A hook name or pattern matches no hook point of the model; the problem carries the
	 * {@code field}, the {@code hook} and the closest hook names as {@code suggestions}.
	 */
	UNKNOWN_HOOK("unknown-hook", "Unknown hook", HttpStatus.BAD_REQUEST),

	/**
	 * An activation stream was failed because the client did not read its frames within
	 * {@code arrakis.streaming.send-timeout} while the server's bounded send queue was
	 * full.
	 */
	STREAM_STALLED("stream-stalled", "Client stopped reading the stream", HttpStatus.REQUEST_TIMEOUT),

	/**
	 * The request needs an API key and sent none, or one that is unknown, revoked or
	 * belongs to a disabled user; the answer carries {@code WWW-Authenticate: Bearer}.
	 */
	UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),

	/** The caller's role (or ownership) does not allow this request. */
	FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),

	/** The path names a user that does not exist. */
	UNKNOWN_USER("unknown-user", "Unknown user", HttpStatus.NOT_FOUND),

	/** A user with that name exists already; usernames are unique. */
	USER_ALREADY_EXISTS("user-already-exists", "User already exists", HttpStatus.CONFLICT),

	/** The user has no API key with that id. */
	UNKNOWN_API_KEY("unknown-api-key", "Unknown API key", HttpStatus.NOT_FOUND),

	/**
	 * The request needs text turned into tokens (or back) but the model has no tokenizer;
	 * send token ids instead.
	 */
	NO_TOKENIZER("no-tokenizer", "Model has no tokenizer", HttpStatus.UNPROCESSABLE_CONTENT),

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
