package dev.arrakis.app.accounts;

import java.time.Instant;
import java.util.List;

/**
 * A user as stored in {@code app_user}.
 *
 * @param teams the team names, sorted
 */
record Account(long id, String username, Role role, List<String> teams, Instant createdAt, boolean disabled) {

}
