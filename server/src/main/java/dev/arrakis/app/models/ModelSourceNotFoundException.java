package dev.arrakis.app.models;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * The Hugging Face cache (or the hub) has no such repository or revision. The problem
 * lists the revisions the cache holds for the repository, if any.
 */
class ModelSourceNotFoundException extends ApiProblemException {

	ModelSourceNotFoundException(String detail, HuggingFaceRepo repo, List<String> cachedRevisions) {
		super(ProblemType.MODEL_SOURCE_NOT_FOUND, detail, Map.of("repo", repo.id(), "revision", repo.revision(),
				"cachedRevisions", List.copyOf(cachedRevisions)));
	}

}
