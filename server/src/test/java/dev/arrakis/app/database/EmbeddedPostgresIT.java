package dev.arrakis.app.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL keeps its data between runs, as whichever user runs the build
 * (root included: on Linux it then runs inside a user namespace, see
 * {@link EmbeddedPostgresLauncher}).
 */
class EmbeddedPostgresIT {

	@Test
	void dataWrittenInOneRunIsThereInTheNext(@TempDir Path parent) throws IOException, SQLException {
		Path dataDir = parent.resolve("data").resolve("postgres");

		try (EmbeddedPostgres first = EmbeddedPostgresLauncher.start(dataDir)) {
			execute(first, "CREATE TABLE survivor (word text NOT NULL)");
			execute(first, "INSERT INTO survivor VALUES ('persisted')");
		}
		assertThat(dataDir.resolve("PG_VERSION")).content().isEqualToIgnoringWhitespace("17");

		try (EmbeddedPostgres second = EmbeddedPostgresLauncher.start(dataDir)) {
			try (Connection connection = second.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT word FROM survivor")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("persisted");
				assertThat(rows.next()).isFalse();
			}
		}
	}

	@Test
	void theServerIsPostgres17WithUtf8AndTheCLocale(@TempDir Path parent) throws IOException, SQLException {
		try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(parent.resolve("pg"))) {
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement();
					ResultSet row = statement.executeQuery("""
							SELECT current_setting('server_version_num')::int / 10000, pg_encoding_to_char(encoding),
							       datcollate, current_setting('synchronous_commit')
							FROM pg_database WHERE datname = current_database()""")) {
				assertThat(row.next()).isTrue();
				assertThat(row.getInt(1)).isEqualTo(17);
				assertThat(row.getString(2)).isEqualTo("UTF8");
				assertThat(row.getString(3)).isEqualTo("C");
				assertThat(row.getString(4)).isEqualTo("on");
			}
		}
		assertThat(parent.resolve("pg").resolve("postgresql.conf")).isRegularFile();
	}

	private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
