package dev.arrakis.app.models;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.LoadOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the resident models come from and how they are placed.
 *
 * @param dir the folder whose subfolders are model folders (each with
 * {@code config.json}, {@code model.safetensors} or a sharded index, and
 * {@code tokenizer.json}); a relative path resolves against the working directory, which
 * is the repository root under {@code spring-boot:run}, and {@code /models} in the
 * container
 * @param dtype the type the weights are converted to at load: {@code float32} or
 * {@code float16}
 * @param device {@code auto} (the GPU when DJL sees one, else the CPU), {@code cpu}, or
 * {@code cuda:N}
 * @param unloadWait how long an unload waits for the requests still using the model
 * before it answers; the weights are freed when the last of them ends either way
 */
@ConfigurationProperties("arrakis.models")
@Validated
record ModelProperties(@DefaultValue("models") @NotNull Path dir, @DefaultValue("float32") @NotNull DType dtype,
		@DefaultValue("auto") @NotNull @Pattern(regexp = "auto|cpu|cuda:\\d+",
				message = "must be auto, cpu or cuda:N") String device,
		@DefaultValue("30s") @NotNull Duration unloadWait) {

	/** The folder as an absolute path. */
	Path directory() {
		return this.dir.toAbsolutePath().normalize();
	}

	LoadOptions loadOptions() {
		return new LoadOptions(this.dtype, this.device);
	}

}
