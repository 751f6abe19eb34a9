package dev.arrakis.app.accounts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An API key as lists show it: never the key, never its hash. */
record StoredKey(long id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
		@Nullable Instant revokedAt) {

}
