package dev.arrakis.app.accounts;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The bodies of the user and key management requests. */
final class UserRequests {

	private UserRequests() {
	}

	/** A new user. */
	record CreateUser(
			@Schema(description = "unique; " + AccountFields.USERNAME_RULE,
					requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String username,
			@Schema(allowableValues = {
					"admin", "researcher", "viewer" },
					requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String role,
			@Schema(description = "team names; none when left out") @Nullable List<@Nullable String> teams){

	}

	/** Changes to a user; fields left out stay as they are. */
	record UpdateUser(@Schema(allowableValues = {
			"admin", "researcher", "viewer" }) @Nullable String role,
			@Schema(description = "the new set of team names, replacing the old") @Nullable List<@Nullable String> teams,
			@Schema(description = "a disabled user's keys are refused") @Nullable Boolean disabled){

	}

	/** A new API key. */
	record CreateKey(@Schema(description = "what the key is for, e.g. 'laptop'",
			requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String name) {

	}

}
