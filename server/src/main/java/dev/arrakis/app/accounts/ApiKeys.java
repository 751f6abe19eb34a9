package dev.arrakis.app.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key text: random keys that say what they are ({@code ak_} and 43 URL-safe base64
 * characters, 256 random bits), the SHA-256 under which a key is stored (the key itself
 * never is), and the prefix shown in lists so that a user can tell keys apart.
 */
final class ApiKeys {

	/** Starts every generated key, so that a leaked key is easy to recognise. */
	static final String PREFIX = "ak_";

	/** How many leading characters of a key lists show. */
	static final int SHOWN_CHARACTERS = 8;

	private static final SecureRandom random = new SecureRandom();

	private ApiKeys() {
	}

	/** A fresh random key. */
	static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The lower-case hex SHA-256 of the key's UTF-8 bytes: what the database keeps. */
	static String sha256(String key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** The first characters of the key, shown in lists. */
	static String prefix(String key) {
		return key.substring(0, Math.min(SHOWN_CHARACTERS, key.length()));
	}

}
