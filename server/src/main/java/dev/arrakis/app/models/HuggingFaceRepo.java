package dev.arrakis.app.models;

import java.util.regex.Pattern;

/**
 * A model repository on the Hugging Face hub and a revision of it, checked so that
 * neither can walk out of the cache directory or the hub's URL space.
 *
 * @param id the repository, {@code org/name} (or {@code name})
 * @param revision a branch, tag or commit hash, e.g. {@code main}
 */
record HuggingFaceRepo(String id, String revision) {

	private static final Pattern ID = Pattern
		.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

	private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	HuggingFaceRepo {
		if (!ID.matcher(id).matches() || id.contains("..")) {
			throw new InvalidModelSourceException("repo", id, "a Hugging Face repository id such as org/name");
		}
		if (!REVISION.matcher(revision).matches() || revision.contains("..")) {
			throw new InvalidModelSourceException("revision", revision, "a branch, tag or commit hash such as main");
		}
	}

	/** The cache's folder name for the repository: {@code models--org--name}. */
	String cacheFolder() {
		return "models--" + this.id.replace("/", "--");
	}

	/** The name the model is served under when none is given: {@code org--name}. */
	String defaultModelName() {
		return this.id.replace("/", "--");
	}

}
