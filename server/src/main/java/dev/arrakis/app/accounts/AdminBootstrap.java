package dev.arrakis.app.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure someone can administer a fresh server: when no admin exists (first start),
 * creates user {@code admin} with role admin and one key, before the server takes
 * requests. The key is {@code arrakis.security.bootstrap-admin-key} when set; otherwise a
 * fresh random key written to {@code arrakis.security.admin-key-file}, readable by its
 * owner only, and the log says where (never the key). Once an admin exists this does
 * nothing, so a restart neither adds an admin nor rotates a key. If a user named
 * {@code admin} exists but no admin does (every admin was demoted), it is made admin
 * again, enabled, and given the new key.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

	static final String ADMIN = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AccountStore accounts;

	private final AccountsProperties properties;

	private final TransactionTemplate transaction;

	AdminBootstrap(AccountStore accounts, AccountsProperties properties, TransactionTemplate transaction) {
		this.accounts = accounts;
		this.properties = properties;
		this.transaction = transaction;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.transaction.executeWithoutResult((status) -> {
			if (this.accounts.anyAdmin()) {
				return;
			}
			String configured = this.properties.configuredAdminKey();
			String key = (configured != null) ? configured : ApiKeys.generate();
			Account admin = this.accounts.findUser(ADMIN)
				.map((user) -> this.accounts.updateUser(user, Role.ADMIN, null, false))
				.orElseGet(() -> this.accounts.createUser(ADMIN, Role.ADMIN, List.of()));
			this.accounts.addKey(admin, "bootstrap", key);
			if (configured != null) {
				logger.info("Created user '{}' (role admin) with the key set in arrakis.security.bootstrap-admin-key",
						ADMIN);
			}
			else {
				Path file = writeOwnerOnly(this.properties.adminKeyFile().toAbsolutePath().normalize(), key);
				logger.info("Created user '{}' (role admin); its API key is in {} (readable by its owner only)", ADMIN,
						file);
			}
		});
	}

	/** Writes the key to a file only its owner can read, replacing any older file. */
	static Path writeOwnerOnly(Path file, String key) {
		try {
			Path parent = file.getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.deleteIfExists(file);
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
				boolean restricted = file.toFile().setReadable(false, false) && file.toFile().setReadable(true, true)
						&& file.toFile().setWritable(false, false) && file.toFile().setWritable(true, true);
				if (!restricted) {
					logger.warn("Could not restrict {} to its owner", file);
				}
			}
			Files.writeString(file, key + System.lineSeparator(), StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the admin API key to " + file, ex);
		}
	}

}
