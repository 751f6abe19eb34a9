package dev.arrakis.app.accounts;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Records in the audit log what happens outside an HTTP request's answer, which the audit
 * filter cannot see: e.g. each run of a WebSocket activation stream. Like the filter, it
 * hands the event over and returns at once.
 */
@Component
public class AuditTrail {

	private final AuditLog audit;

	AuditTrail(AuditLog audit) {
		this.audit = audit;
	}

	/**
	 * Records one event that ended now.
	 * @param username who did it
	 * @param action what, as a verb and the path it came through, e.g.
	 * {@code STREAM /ws/v1/activations}
	 * @param model the model it used, if any
	 * @param status its outcome as an HTTP status (200 when it succeeded, else its
	 * problem's status)
	 * @param duration how long it took
	 * @param detail a short description of what it did (never secrets)
	 */
	public void record(String username, String action, @Nullable String model, int status, Duration duration,
			@Nullable String detail) {
		this.audit
			.record(new AuditEvent(0, Instant.now(), username, action, model, status, duration.toMillis(), detail));
	}

}
