package dev.arrakis.app.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * An error a feature reports to the client: {@link ProblemDetailsAdvice} turns it into a
 * problem detail of its {@link ProblemType}, with the message as {@code detail} and the
 * extra properties as extension members. Features subclass it, package-private, once per
 * error (e.g. {@code UnknownModelException}).
 */
public abstract class ApiProblemException extends RuntimeException {

	private final ProblemType problemType;

	private final String detail;

	private final Map<String, Object> properties;

	/**
	 * @param problemType the kind of error, which fixes type, title and status
	 * @param detail a sentence for a person that names the offending value or field
	 * @param properties extension members, e.g. {@code loaded: [...]}, in the order given
	 */
	protected ApiProblemException(ProblemType problemType, String detail, Map<String, ?> properties) {
		super(detail);
		this.problemType = problemType;
		this.detail = detail;
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	public ProblemType problemType() {
		return this.problemType;
	}

	/** The problem detail sent to the client. */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = this.problemType.toProblemDetail(this.detail);
		this.properties.forEach(problem::setProperty);
		return problem;
	}

}
