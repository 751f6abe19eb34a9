package dev.arrakis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.arrakis.bench.definition.CodeRef;

/**
 * Identifies a Java function by the class that holds its code and a SHA-256 of that class
 * file. A lambda's class is generated at run time and has no class file, so a lambda is
 * identified by the class that declares it (whose bytecode contains the lambda's body):
 * editing the lambda, or anything else in that class, makes a new version.
 */
final class CodeIdentity {

	private static final String LAMBDA_MARKER = "$$Lambda";

	private CodeIdentity() {
	}

	static CodeRef of(Object function, String description) {
		String name = function.getClass().getName();
		int lambda = name.indexOf(LAMBDA_MARKER);
		String declaring = (lambda >= 0) ? name.substring(0, lambda) : name;
		ClassLoader loader = function.getClass().getClassLoader();
		return new CodeRef(declaring, bytecodeSha256(loader, declaring), description);
	}

	private static String bytecodeSha256(ClassLoader loader, String className) {
		String resource = className.replace('.', '/') + ".class";
		try (InputStream in = (loader != null) ? loader.getResourceAsStream(resource)
				: ClassLoader.getSystemResourceAsStream(resource)) {
			if (in == null) {
				return "";
			}
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the class file of " + className, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
