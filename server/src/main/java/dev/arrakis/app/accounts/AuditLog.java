package dev.arrakis.app.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log ({@code audit_event}). Requests hand their event over and go on: one
 * background thread writes the events in the order they came, so a request never waits
 * for the database. If the database falls more than {@value #QUEUE_CAPACITY} events
 * behind, further events are dropped and counted in the log rather than slowing requests
 * down; events still queued at shutdown are written before the server stops.
 */
@Component
class AuditLog {

	static final int QUEUE_CAPACITY = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private final JdbcClient jdbc;

	private final ThreadPoolExecutor writer;

	private final AtomicLong dropped = new AtomicLong();

	AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
				(task) -> {
					Thread thread = new Thread(task, "audit-writer");
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Queues the event (its id is ignored) for writing. */
	void record(AuditEvent event) {
		try {
			this.writer.execute(() -> write(event));
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Audit log behind or stopped: dropped the event of {} by {} ({} dropped so far)",
					event.action(), event.username(), this.dropped.incrementAndGet());
		}
	}

	/** Waits until every event queued so far is written; for tests and shutdown. */
	void flush() {
		Future<?> marker = this.writer.submit(() -> {
		});
		try {
			marker.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The audit log could not be flushed", ex);
		}
	}

	/**
	 * Events newest first, optionally only a user's, a model's, those at or after
	 * {@code since}, and those older than the event {@code before} (the id a previous
	 * page ended with).
	 */
	List<AuditEvent> events(@Nullable String user, @Nullable String model, @Nullable Instant since,
			@Nullable Long before, int limit) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, at, username, action, model, status, duration_ms, detail FROM audit_event WHERE true");
		List<Object> params = new ArrayList<>();
		if (user != null) {
			sql.append(" AND username = ?");
			params.add(user);
		}
		if (model != null) {
			sql.append(" AND model = ?");
			params.add(model);
		}
		if (since != null) {
			sql.append(" AND at >= ?");
			params.add(Timestamp.from(since));
		}
		if (before != null) {
			sql.append(" AND id < ?");
			params.add(before);
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query((row, index) -> new AuditEvent(row.getLong("id"), row.getTimestamp("at").toInstant(),
					row.getString("username"), row.getString("action"), row.getString("model"), row.getInt("status"),
					row.getLong("duration_ms"), row.getString("detail")))
			.list();
	}

	@PreDestroy
	void close() throws InterruptedException {
		this.writer.shutdown();
		if (!this.writer.awaitTermination(10, TimeUnit.SECONDS)) {
			logger.warn("Audit log: {} events were not written before shutdown", this.writer.getQueue().size());
		}
	}

	private void write(AuditEvent event) {
		try {
			this.jdbc.sql("""
					INSERT INTO audit_event (at, username, action, model, status, duration_ms, detail)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(Timestamp.from(event.at()), event.username(), event.action(), event.model(), event.status(),
						event.durationMs(), event.detail())
				.update();
		}
		catch (RuntimeException ex) {
			logger.warn("Audit log: could not write the event of {} by {}", event.action(), event.username(), ex);
		}
	}

}
