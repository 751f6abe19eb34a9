package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A download from the Hugging Face hub was not possible (disabled, unreachable, refused).
 */
class HubUnavailableException extends ApiProblemException {

	HubUnavailableException(String detail, HuggingFaceRepo repo) {
		super(ProblemType.HUB_UNAVAILABLE, detail, Map.of("repo", repo.id(), "revision", repo.revision()));
	}

}
