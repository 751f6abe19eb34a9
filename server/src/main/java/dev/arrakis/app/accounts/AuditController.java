package dev.arrakis.app.accounts;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, for admins: newest first, filtered and paged. */
@RestController
@Tag(name = "audit", description = "who changed what, when")
class AuditController {

	static final int MAX_LIMIT = 1000;

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/api/v1/audit")
	@Operation(operationId = "listAuditEvents",
			summary = "Audit events, newest first (admin): every authenticated request that changed something")
	AuditPage events(
			@Parameter(description = "only this user's events") @RequestParam(required = false) @Nullable String user,
			@Parameter(description = "only events about this model") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = "only events at or after this instant (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant since,
			@Parameter(
					description = "only events older than this event id: a previous page's nextBefore") @RequestParam(
							required = false) @Nullable Long before,
			@Parameter(description = "at most this many events, 1 to 1000") @RequestParam(
					defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw InvalidFieldProblem.notAllowed("limit", limit, "between 1 and " + MAX_LIMIT);
		}
		List<AuditEvent> events = this.audit.events(user, model, since, before, limit);
		Long next = (events.size() == limit) ? events.get(events.size() - 1).id() : null;
		return new AuditPage(events, next);
	}

}
