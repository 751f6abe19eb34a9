package dev.arrakis.app.accounts;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A key just created: the only answer that ever contains the key. Lists show its
 * {@code prefix} only.
 */
record CreatedKeyResponse(long id, String name, String prefix,
		@Schema(description = "the API key; shown this once, store it now") String key, Instant createdAt) {

}
