package dev.arrakis.app.accounts;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Turns an API key into the caller: the username as principal name, authorities
 * {@code ROLE_<ROLE>} and {@code TEAM_<team>} per team. The key is hashed first and found
 * by its hash in one query with its user, so neither an unknown key nor an unknown user
 * answers faster than a known one.
 */
@Component
class ApiKeyAuthenticator {

	private final AccountStore accounts;

	ApiKeyAuthenticator(AccountStore accounts) {
		this.accounts = accounts;
	}

	/**
	 * The authenticated caller.
	 * @throws BadCredentialsException if no key has this text or the key is revoked
	 * @throws DisabledException if the key's user is disabled
	 */
	Authentication authenticate(String key) {
		KeyHolder holder = this.accounts.findKey(ApiKeys.sha256(key))
			.orElseThrow(() -> new BadCredentialsException("The API key is not valid"));
		if (holder.revoked()) {
			throw new BadCredentialsException("The API key has been revoked");
		}
		if (holder.disabled()) {
			throw new DisabledException("The API key's user is disabled");
		}
		this.accounts.touch(holder.keyId());
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
			.authenticated(holder.username(), null, authorities(holder));
		authentication.setDetails(new ApiKeyDetails(holder.keyId()));
		return authentication;
	}

	private static List<GrantedAuthority> authorities(KeyHolder holder) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(holder.role().authority()));
		holder.teams().forEach((team) -> authorities.add(new SimpleGrantedAuthority("TEAM_" + team)));
		return authorities;
	}

	/** Which key authenticated the request, as the authentication's details. */
	record ApiKeyDetails(long keyId) {

	}

}
