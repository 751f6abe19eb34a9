package dev.arrakis.app.accounts;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it. */
record UserResponse(String username, Role role, List<String> teams, Instant createdAt, boolean disabled) {

	static UserResponse of(Account account) {
		return new UserResponse(account.username(), account.role(), account.teams(), account.createdAt(),
				account.disabled());
	}

}
