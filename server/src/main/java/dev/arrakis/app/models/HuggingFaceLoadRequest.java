package dev.arrakis.app.models;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * A load by Hugging Face repository id.
 *
 * @param repo the repository, e.g. {@code openai-community/gpt2}
 * @param revision a branch, tag or commit; default {@code main}
 * @param name the name to serve it under; default {@code org--name}
 * @param download whether to download it from the hub first (default false: load it from
 * the Hugging Face cache only)
 */
record HuggingFaceLoadRequest(@NotBlank String repo, @Nullable String revision, @Nullable String name,
		@Nullable Boolean download) {

	HuggingFaceRepo toRepo() {
		return new HuggingFaceRepo(this.repo,
				(this.revision == null || this.revision.isBlank()) ? "main" : this.revision);
	}

	boolean downloadFirst() {
		return Boolean.TRUE.equals(this.download);
	}

}
