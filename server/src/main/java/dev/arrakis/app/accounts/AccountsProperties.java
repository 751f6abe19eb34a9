package dev.arrakis.app.accounts;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the first admin gets its key.
 *
 * @param bootstrapAdminKey the key of user {@code admin} when the server creates it (no
 * admin exists yet); for tests and development. Unset: a fresh random key is written to
 * {@code adminKeyFile}. Ignored once an admin exists: a restart never rotates the key.
 * @param adminKeyFile where the generated key of the first admin is written, readable by
 * its owner only; relative to the working directory
 */
@ConfigurationProperties("arrakis.security")
@Validated
record AccountsProperties(@Nullable String bootstrapAdminKey,
		@DefaultValue("data/admin-api-key") @NotNull Path adminKeyFile) {

	/** The configured bootstrap key, or {@code null} when unset or blank. */
	@Nullable String configuredAdminKey() {
		String key = this.bootstrapAdminKey;
		return (key == null || key.isBlank()) ? null : key.strip();
	}

}
