package dev.arrakis.app.accounts;

import java.util.List;

/**
 * What authentication learns from one key lookup: the key and its user, revoked or
 * disabled included, so that the caller decides with no further query.
 */
record KeyHolder(long keyId, boolean revoked, String username, Role role, List<String> teams, boolean disabled) {

	/** Whether the key may authenticate: not revoked, its user not disabled. */
	boolean active() {
		return !this.revoked && !this.disabled;
	}

}
