package dev.arrakis.app.accounts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One audited request.
 *
 * @param id the event's id, increasing in the order events were recorded ({@code 0}
 * before it is stored)
 * @param at when the request ended
 * @param username who sent it
 * @param action method and path, e.g. {@code POST /api/v1/models/gpt2/run}
 * @param model the model the request named or used, if any
 * @param status the HTTP status of the answer
 * @param durationMs how long the request took
 * @param detail what the endpoint added about it, if anything
 */
record AuditEvent(long id, Instant at, String username, String action, @Nullable String model, int status,
		long durationMs, @Nullable String detail) {

}
