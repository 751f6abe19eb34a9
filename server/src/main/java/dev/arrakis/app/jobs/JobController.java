package dev.arrakis.app.jobs;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: submit a long tool call, follow its progress, read its result, cancel it. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

	private final JobService jobs;

	JobController(JobService jobs) {
		this.jobs = jobs;
	}

	@Operation(operationId = "submitJob", summary = "Submit a tool call as a job",
			description = "202 with the queued job and its Location; 400 for a bad tool call, 404 for an unknown model, "
					+ "429 when the queue is full.")
	@PostMapping
	ResponseEntity<JobView> submit(@Valid @RequestBody JobRequest request, @Nullable Authentication caller) {
		JobView job = this.jobs.submit(name(caller), request);
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
	}

	@Operation(operationId = "listJobs", summary = "The caller's jobs, newest first")
	@GetMapping
	List<JobView> list(@RequestParam(defaultValue = "50") int limit, @Nullable Authentication caller) {
		return this.jobs.list(name(caller), Math.max(1, Math.min(limit, 500)));
	}

	@Operation(operationId = "getJob",
			summary = "One job: status, progress (forward passes, partial result), result or error")
	@GetMapping("/{id}")
	JobView get(@PathVariable UUID id, @Nullable Authentication caller) {
		return this.jobs.get(name(caller), admin(caller), id);
	}

	@Operation(operationId = "cancelJob", summary = "Cancel a job",
			description = "A queued job ends at once; a running one at its next forward pass (202 either way).")
	@DeleteMapping("/{id}")
	ResponseEntity<JobView> cancel(@PathVariable UUID id, @Nullable Authentication caller) {
		return ResponseEntity.accepted().body(this.jobs.cancel(name(caller), admin(caller), id));
	}

	private static String name(@Nullable Authentication caller) {
		return (caller == null || caller instanceof AnonymousAuthenticationToken) ? "anonymous" : caller.getName();
	}

	private static boolean admin(@Nullable Authentication caller) {
		return caller != null && caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
	}

}
