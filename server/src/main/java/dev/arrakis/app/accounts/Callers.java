package dev.arrakis.app.accounts;

import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Who is calling, for the checks the URL rules cannot make: a user may manage their own
 * keys, an admin anybody's.
 */
final class Callers {

	static final String ANONYMOUS = "anonymous";

	private Callers() {
	}

	static String name(@Nullable Authentication caller) {
		return (caller != null) ? caller.getName() : ANONYMOUS;
	}

	static boolean isAdmin(@Nullable Authentication caller) {
		return caller != null && caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> Role.ADMIN.authority().equals(authority.getAuthority()));
	}

	/**
	 * Refuses ({@code 403}) unless the caller is {@code username} or an admin; checked
	 * before looking the user up, so that the answer does not tell who exists.
	 */
	static void requireSelfOrAdmin(@Nullable Authentication caller, String username) {
		if (!isAdmin(caller) && !name(caller).equals(username)) {
			throw new AccessDeniedException("Only '%s' or an admin may do this".formatted(username));
		}
	}

}
