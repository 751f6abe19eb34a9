/**
 * The PostgreSQL the server stores its records in. When no datasource is configured
 * ({@code ARRAKIS_DB_URL} or {@code spring.datasource.url} unset),
 * {@link dev.arrakis.app.database.EmbeddedPostgresConfiguration} starts an embedded
 * PostgreSQL 17 whose data persists under {@code arrakis.db.data-dir}; otherwise Spring
 * Boot's own datasource points at the configured server. Either way Flyway applies
 * {@code db/migration} and Hibernate only validates.
 */
@NullMarked
package dev.arrakis.app.database;

import org.jspecify.annotations.NullMarked;
