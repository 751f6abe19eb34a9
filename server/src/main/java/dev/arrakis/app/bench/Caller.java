package dev.arrakis.app.bench;

import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who makes a request: the principal's name and authorities ({@code ROLE_ADMIN},
 * {@code TEAM_<team>}, ...). Without a principal (no API keys yet, or an anonymous
 * request) the caller is {@code anonymous} with no authorities.
 *
 * @param name the user name, the owner of what the caller creates
 * @param authorities the granted authorities
 */
public record Caller(String name, Set<String> authorities) {

	/** The name of a caller without a principal. */
	public static final String ANONYMOUS = "anonymous";

	static final String ADMIN = "ROLE_ADMIN";

	static final String TEAM_PREFIX = "TEAM_";

	public Caller {
		authorities = Set.copyOf(authorities);
	}

	/** The caller {@code principal} describes; anonymous when it is null. */
	public static Caller of(@Nullable Principal principal) {
		if (principal == null) {
			return new Caller(ANONYMOUS, Set.of());
		}
		Set<String> authorities = (principal instanceof Authentication authentication) ? authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null)
			.collect(Collectors.toSet()) : Set.of();
		return new Caller(principal.getName(), authorities);
	}

	boolean isAdmin() {
		return this.authorities.contains(ADMIN);
	}

	boolean inTeam(String team) {
		return this.authorities.contains(TEAM_PREFIX + team);
	}

	/** The caller's first team alphabetically, or null when in none. */
	@Nullable String firstTeam() {
		return this.authorities.stream()
			.filter((authority) -> authority.startsWith(TEAM_PREFIX) && authority.length() > TEAM_PREFIX.length())
			.map((authority) -> authority.substring(TEAM_PREFIX.length()))
			.collect(Collectors.toCollection(TreeSet::new))
			.stream()
			.findFirst()
			.orElse(null);
	}

}
