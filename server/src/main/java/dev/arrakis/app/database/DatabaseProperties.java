package dev.arrakis.app.database;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL, used only when no datasource URL is configured.
 *
 * @param dataDir where the embedded server keeps its cluster between runs; a relative
 * path resolves against the working directory ({@code data/postgres} under the repository
 * root with {@code spring-boot:run})
 */
@ConfigurationProperties("arrakis.db")
@Validated
record DatabaseProperties(@DefaultValue("data/postgres") @NotNull Path dataDir) {

}
