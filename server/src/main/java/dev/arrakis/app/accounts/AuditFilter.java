package dev.arrakis.app.accounts;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records an {@link AuditEvent} for every authenticated request that may change something
 * (any method but {@code GET}, {@code HEAD} and {@code OPTIONS}) once it has been
 * answered, refused ones included: who, method and path, the model (from a
 * {@code /api/v1/models/{name}} path or {@link AuditAttributes#MODEL}), status and
 * duration.
 */
class AuditFilter extends OncePerRequestFilter {

	private static final Set<String> READ_ONLY_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private static final Pattern MODEL_PATH = Pattern.compile("^/api/v1/models/([^/]+)");

	private final AuditLog audit;

	AuditFilter(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || caller instanceof AnonymousAuthenticationToken
				|| READ_ONLY_METHODS.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			this.audit.record(new AuditEvent(0, Instant.now(), caller.getName(), request.getMethod() + " " + path,
					model(request, path), failed ? 500 : response.getStatus(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
					attribute(request, AuditAttributes.DETAIL)));
		}
	}

	private static @Nullable String model(HttpServletRequest request, String path) {
		String model = attribute(request, AuditAttributes.MODEL);
		if (model != null) {
			return model;
		}
		Matcher matcher = MODEL_PATH.matcher(path);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static @Nullable String attribute(HttpServletRequest request, String name) {
		return (request.getAttribute(name) instanceof String value) ? value : null;
	}

}
