package dev.arrakis.app.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the {@link DataSource} from an embedded PostgreSQL 17 when no datasource URL
 * is configured. Spring Boot's own datasource auto-configuration backs off because a
 * {@code DataSource} bean exists; Flyway and JPA use this one. The server is stopped
 * after the pool is closed (the pool depends on it), when the context closes.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
@EnableConfigurationProperties(DatabaseProperties.class)
class EmbeddedPostgresConfiguration {

	/**
	 * The database Arrakis keeps its tables in, created inside the embedded cluster on
	 * first start.
	 */
	static final String DATABASE = "arrakis";

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
		return EmbeddedPostgresLauncher.start(properties.dataDir());
	}

	@Bean
	HikariDataSource dataSource(EmbeddedPostgres postgres) throws SQLException {
		createDatabaseIfAbsent(postgres);
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(postgres.getJdbcUrl(EmbeddedPostgresLauncher.SUPERUSER, DATABASE))
			.username(EmbeddedPostgresLauncher.SUPERUSER)
			.build();
		dataSource.setPoolName("arrakis-embedded");
		return dataSource;
	}

	private static void createDatabaseIfAbsent(EmbeddedPostgres postgres) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, DATABASE);
			try (ResultSet row = exists.executeQuery()) {
				if (row.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("CREATE DATABASE " + DATABASE);
			}
		}
	}

}
