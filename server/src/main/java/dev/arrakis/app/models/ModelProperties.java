package dev.arrakis.app.models;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

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
 * @param huggingFaceCache the Hugging Face hub cache directory models are loaded from by
 * repository id (and downloaded into); null: {@code $HF_HUB_CACHE}, else
 * {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}, as huggingface_hub does
 * @param hubUrl the Hugging Face hub (or a mirror in its URL layout); blank disables
 * downloads
 * @param hubToken a Hugging Face token for gated or private repositories; blank for none
 * @param concurrentRequests how many requests compute on one model at once; the others
 * wait their turn, first come, first served
 */
@ConfigurationProperties("arrakis.models")
@Validated
record ModelProperties(@DefaultValue("models") @NotNull Path dir, @DefaultValue("float32") @NotNull DType dtype,
		@DefaultValue("auto") @NotNull @Pattern(regexp = "auto|cpu|cuda:\\d+",
				message = "must be auto, cpu or cuda:N") String device,
		@DefaultValue("30s") @NotNull Duration unloadWait, @Nullable Path huggingFaceCache,
		@DefaultValue("https://huggingface.co") String hubUrl, @DefaultValue("") String hubToken,
		@DefaultValue("4") @Min(1) int concurrentRequests) {

	/** The folder as an absolute path. */
	Path directory() {
		return this.dir.toAbsolutePath().normalize();
	}

	/** The Hugging Face cache directory, resolved as huggingface_hub resolves it. */
	Path huggingFaceCacheDirectory() {
		if (this.huggingFaceCache != null) {
			return this.huggingFaceCache.toAbsolutePath().normalize();
		}
		String hubCache = System.getenv("HF_HUB_CACHE");
		if (hubCache != null && !hubCache.isBlank()) {
			return Path.of(hubCache).toAbsolutePath().normalize();
		}
		String home = System.getenv("HF_HOME");
		return ((home != null && !home.isBlank()) ? Path.of(home)
				: Path.of(System.getProperty("user.home"), ".cache", "huggingface"))
			.resolve("hub")
			.toAbsolutePath()
			.normalize();
	}

	LoadOptions loadOptions() {
		return new LoadOptions(this.dtype, this.device);
	}

}
