package dev.arrakis.bench.definition;

import java.util.Objects;

/**
 * A Java function logged as an experiment. Java cannot read a method's source the way
 * Python's {@code inspect.getsource} does, so the function is identified by its class and
 * a hash of that class's bytecode: recompiling changed code makes a new version.
 *
 * @param className the function's class, e.g. {@code com.example.Probe$$Lambda} or a
 * named class
 * @param bytecodeSha256 SHA-256 of the class file's bytes, or empty when the class file
 * could not be read (a lambda's synthetic class); then the description alone tells
 * versions apart
 * @param description what the function does, in the user's words
 */
public record CodeRef(String className, String bytecodeSha256, String description) {

	public CodeRef {
		className = Objects.requireNonNullElse(className, "");
		bytecodeSha256 = Objects.requireNonNullElse(bytecodeSha256, "");
		description = Objects.requireNonNullElse(description, "");
	}

}
