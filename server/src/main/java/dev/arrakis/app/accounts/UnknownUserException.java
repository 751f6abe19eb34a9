package dev.arrakis.app.accounts;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** The path names a user that does not exist. */
class UnknownUserException extends ApiProblemException {

	UnknownUserException(String username) {
		super(ProblemType.UNKNOWN_USER, "No user is named '%s'".formatted(username), Map.of("user", username));
	}

}
