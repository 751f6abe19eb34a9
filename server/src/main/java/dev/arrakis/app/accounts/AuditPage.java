package dev.arrakis.app.accounts;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One page of audit events, newest first. */
record AuditPage(List<AuditEvent> events, @Schema(
		description = "pass as 'before' for the next (older) page; null on the last page") @Nullable Long nextBefore) {

}
