package dev.arrakis.app.accounts;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.stereotype.Component;

/**
 * How API keys plug into the filter chain, for
 * {@code dev.arrakis.app.web.SecurityConfiguration} (which holds the authorization
 * rules): the key filter, the audit filter just after it (so that it sees the final
 * status of requests refused by the rules, too), and the problem-detail answers to
 * {@code 401} and {@code 403}. The filters are not beans, so that Spring Boot does not
 * also register them as plain servlet filters.
 */
@Component
public class ApiKeySecurity {

	private final ApiKeyAuthenticator authenticator;

	private final SecurityProblemResponses problems;

	private final AuditLog audit;

	ApiKeySecurity(ApiKeyAuthenticator authenticator, SecurityProblemResponses problems, AuditLog audit) {
		this.authenticator = authenticator;
		this.problems = problems;
		this.audit = audit;
	}

	/**
	 * Adds API-key authentication, auditing and problem-detail refusals to {@code http}.
	 */
	public HttpSecurity applyTo(HttpSecurity http) throws Exception {
		return http
			.addFilterBefore(new ApiKeyAuthenticationFilter(this.authenticator, this.problems),
					AnonymousAuthenticationFilter.class)
			.addFilterAfter(new AuditFilter(this.audit), ApiKeyAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.problems)
				.accessDeniedHandler(this.problems));
	}

}
