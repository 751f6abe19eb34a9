package dev.arrakis.bench.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A definition's version: the lowercase hex SHA-256 of the UTF-8 bytes of its
 * {@link CanonicalJson canonical form}. The same definition (whatever its key order or
 * whitespace) is the same version; any edit of a value is another.
 */
public final class Versions {

	private Versions() {
	}

	/** The version of {@code definition}. */
	public static String of(ExperimentDefinition definition) {
		return sha256Hex(CanonicalJson.of(definition));
	}

	/** Lowercase hex SHA-256 of {@code text}'s UTF-8 bytes. */
	static String sha256Hex(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
