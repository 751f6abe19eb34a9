package dev.arrakis.app.accounts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Users ({@code app_user}) and their API keys ({@code api_key}) in PostgreSQL. Keys are
 * found by the SHA-256 of their text, in one query that also reads the user, so that a
 * lookup costs the same whatever the key is.
 */
@Component
class AccountStore {

	private static final String ACCOUNT_COLUMNS = "id, username, role, teams, created_at, disabled";

	private final JdbcClient jdbc;

	AccountStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Account createUser(String username, Role role, Collection<String> teams) {
		return this.jdbc
			.sql("INSERT INTO app_user (username, role, teams) VALUES (?, ?, ?) RETURNING " + ACCOUNT_COLUMNS)
			.params(username, role.value(), sortedTeams(teams))
			.query(AccountStore::account)
			.single();
	}

	Optional<Account> findUser(String username) {
		return this.jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM app_user WHERE username = ?")
			.params(username)
			.query(AccountStore::account)
			.optional();
	}

	List<Account> users() {
		return this.jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM app_user ORDER BY username")
			.query(AccountStore::account)
			.list();
	}

	boolean anyAdmin() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'admin')")
			.query(Boolean.class)
			.single();
	}

	/** Sets the fields that are not {@code null}; the updated user. */
	Account updateUser(Account user, @Nullable Role role, @Nullable Collection<String> teams,
			@Nullable Boolean disabled) {
		return this.jdbc
			.sql("UPDATE app_user SET role = ?, teams = ?, disabled = ? WHERE id = ? RETURNING " + ACCOUNT_COLUMNS)
			.params(((role != null) ? role : user.role()).value(), sortedTeams((teams != null) ? teams : user.teams()),
					(disabled != null) ? disabled : user.disabled(), user.id())
			.query(AccountStore::account)
			.single();
	}

	/** Stores the key's hash and prefix, never the key. */
	StoredKey addKey(Account user, String name, String key) {
		return this.jdbc.sql("""
				INSERT INTO api_key (user_id, name, prefix, key_sha256) VALUES (?, ?, ?, ?)
				RETURNING id, name, prefix, created_at, last_used_at, revoked_at""")
			.params(user.id(), name, ApiKeys.prefix(key), ApiKeys.sha256(key))
			.query(AccountStore::key)
			.single();
	}

	List<StoredKey> keys(Account user) {
		return this.jdbc.sql("""
				SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_key
				WHERE user_id = ? ORDER BY created_at, id""").params(user.id()).query(AccountStore::key).list();
	}

	/**
	 * Revokes one of the user's keys (a key already revoked keeps its first revocation
	 * time); empty if the user has no key with that id.
	 */
	Optional<StoredKey> revokeKey(Account user, long keyId) {
		return this.jdbc.sql("""
				UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = ? AND id = ?
				RETURNING id, name, prefix, created_at, last_used_at, revoked_at""")
			.params(user.id(), keyId)
			.query(AccountStore::key)
			.optional();
	}

	/** The key with this SHA-256 and its user, whatever their state. */
	Optional<KeyHolder> findKey(String sha256) {
		return this.jdbc.sql("""
				SELECT k.id, k.revoked_at IS NOT NULL AS revoked, u.username, u.role, u.teams, u.disabled
				FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE k.key_sha256 = ?""")
			.params(sha256)
			.query((row, index) -> new KeyHolder(row.getLong("id"), row.getBoolean("revoked"),
					row.getString("username"), Role.of(row.getString("role")), teams(row.getArray("teams")),
					row.getBoolean("disabled")))
			.optional();
	}

	/**
	 * Records that the key was used, unless that was recorded less than a minute ago (so
	 * that a busy key does not cost a row update per request).
	 */
	void touch(long keyId) {
		this.jdbc.sql("""
				UPDATE api_key SET last_used_at = now()
				WHERE id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
			.params(keyId)
			.update();
	}

	private static String[] sortedTeams(Collection<String> teams) {
		return new TreeSet<>(teams).toArray(String[]::new);
	}

	private static Account account(ResultSet row, int index) throws SQLException {
		return new Account(row.getLong("id"), row.getString("username"), Role.of(row.getString("role")),
				teams(row.getArray("teams")), instant(row.getTimestamp("created_at")), row.getBoolean("disabled"));
	}

	private static StoredKey key(ResultSet row, int index) throws SQLException {
		return new StoredKey(row.getLong("id"), row.getString("name"), row.getString("prefix"),
				instant(row.getTimestamp("created_at")), nullableInstant(row.getTimestamp("last_used_at")),
				nullableInstant(row.getTimestamp("revoked_at")));
	}

	private static List<String> teams(Array array) throws SQLException {
		return List.copyOf(Arrays.asList((String[]) array.getArray()));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp.toInstant();
	}

	private static @Nullable Instant nullableInstant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
