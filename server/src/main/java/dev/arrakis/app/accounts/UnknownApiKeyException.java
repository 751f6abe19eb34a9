package dev.arrakis.app.accounts;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** The user has no API key with that id. */
class UnknownApiKeyException extends ApiProblemException {

	UnknownApiKeyException(String username, long keyId) {
		super(ProblemType.UNKNOWN_API_KEY, "User '%s' has no API key with id %d".formatted(username, keyId),
				Map.of("user", username, "keyId", keyId));
	}

}
