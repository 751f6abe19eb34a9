package dev.arrakis.bench.definition;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter value that stands for (part of) an earlier step's result: the whole string
 * {@code "${stepId}"} or {@code "${stepId.path}"}, e.g. {@code "${s1.scores}"}.
 *
 * @param stepId the id of the step whose result is meant
 * @param path the dotted path inside that result, empty for the whole result
 */
public record Reference(String stepId, String path) {

	private static final Pattern SYNTAX = Pattern.compile("\\$\\{([^.{}\\s]+)(?:\\.([^{}\\s]+))?}");

	/** The reference {@code value} is, if it is a string of that exact form. */
	public static Optional<Reference> parse(Object value) {
		if (!(value instanceof String text)) {
			return Optional.empty();
		}
		Matcher matcher = SYNTAX.matcher(text);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String path = matcher.group(2);
		return Optional.of(new Reference(matcher.group(1), (path != null) ? path : ""));
	}

	/** Whether {@code value} is a string that tries to be a reference but is not one. */
	public static boolean isMalformed(Object value) {
		return value instanceof String text && text.contains("${") && parse(value).isEmpty();
	}

	@Override
	public String toString() {
		return "${" + this.stepId + (this.path.isEmpty() ? "" : "." + this.path) + "}";
	}

}
