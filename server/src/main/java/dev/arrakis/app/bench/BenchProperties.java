package dev.arrakis.app.bench;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the experiment bench keeps what does not fit a database row comfortably.
 *
 * @param artifactsDir the file store: artifacts larger than {@code inlineArtifactBytes}
 * live there under their SHA-256; relative to the working directory
 * @param inlineArtifactBytes the largest artifact whose bytes are kept in PostgreSQL
 * @param inlineResultBytes the largest step result (as JSON) kept in the run's row; a
 * larger one becomes an artifact the row refers to
 * @param datasetsDir the folder of named datasets ({@code name.json}: token-id arrays,
 * {@code name.txt}: one prompt per line)
 */
@ConfigurationProperties("arrakis.bench")
@Validated
record BenchProperties(@DefaultValue("data/artifacts") @NotNull Path artifactsDir,
		@DefaultValue("1MB") @NotNull DataSize inlineArtifactBytes,
		@DefaultValue("256KB") @NotNull DataSize inlineResultBytes,
		@DefaultValue("datasets") @NotNull Path datasetsDir) {
}
