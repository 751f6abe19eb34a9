package dev.arrakis.app.accounts;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;

/**
 * The rules for the fields of user and key requests, checked before anything is stored.
 */
final class AccountFields {

	static final String USERNAME_RULE = "1 to 64 characters: lower-case letters, digits, '.', '_' and '-', "
			+ "starting with a letter or digit";

	static final String TEAM_RULE = "1 to 64 characters: letters, digits, '.', '_' and '-', "
			+ "starting with a letter or digit";

	static final String ROLES = "admin, researcher or viewer";

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final int MAX_KEY_NAME = 100;

	private AccountFields() {
	}

	static String username(@Nullable String username) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw InvalidFieldProblem.notAllowed("username", username, USERNAME_RULE);
		}
		return username;
	}

	static Role role(@Nullable String role) {
		for (Role candidate : Role.values()) {
			if (candidate.value().equals(role)) {
				return candidate;
			}
		}
		throw InvalidFieldProblem.notAllowed("role", role, ROLES);
	}

	static Set<String> teams(@Nullable Collection<@Nullable String> teams) {
		Set<String> valid = new TreeSet<>();
		if (teams != null) {
			for (String team : teams) {
				if (team == null || !TEAM.matcher(team).matches()) {
					throw InvalidFieldProblem.notAllowed("teams", team, "a list of team names of " + TEAM_RULE);
				}
				valid.add(team);
			}
		}
		return valid;
	}

	static String keyName(@Nullable String name) {
		if (name == null || name.isBlank() || name.length() > MAX_KEY_NAME) {
			throw InvalidFieldProblem.notAllowed("name", name, "a key name of 1 to " + MAX_KEY_NAME + " characters");
		}
		return name.strip();
	}

}
