package dev.arrakis.app.accounts;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** A user with that name exists already; usernames are unique. */
class UserAlreadyExistsException extends ApiProblemException {

	UserAlreadyExistsException(String username) {
		super(ProblemType.USER_ALREADY_EXISTS, "A user named '%s' exists already".formatted(username),
				Map.of("user", username));
	}

}
