package dev.arrakis.app.jobs;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

import dev.arrakis.app.bench.ArtifactRef;
import dev.arrakis.app.bench.ArtifactStore;
import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.WorkCancelledException;
import dev.arrakis.tools.Arguments;
import dev.arrakis.tools.ToolRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Runs tool calls as jobs. A submission is checked (model resident, tool, method and
 * parameter names) and recorded as {@code QUEUED} before it is queued; a worker marks it
 * {@code RUNNING}, runs it under a {@link ForwardWatch} (its forward passes are its
 * progress, with the partial result a sweeping method reports; a cancel stops it at the
 * next pass) and records how it ended. At startup, jobs left queued or running by a stop
 * are marked {@code INTERRUPTED}.
 */
@Service
public class JobService implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(JobService.class);

	private final JobRepository jobs;

	private final ModelRegistry models;

	private final ArtifactStore artifacts;

	private final ToolRegistry tools = ToolRegistry.standard();

	private final ThreadPoolExecutor workers;

	private final long inlineResultBytes;

	private final int queueCapacity;

	private final Map<UUID, ForwardWatch> running = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	private volatile boolean stopping;

	JobService(JobRepository jobs, ModelRegistry models, ArtifactStore artifacts, JobProperties properties) {
		this.jobs = jobs;
		this.models = models;
		this.artifacts = artifacts;
		this.inlineResultBytes = properties.inlineResultBytes().toBytes();
		this.queueCapacity = properties.queueCapacity();
		this.workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), (task) -> {
					Thread thread = new Thread(task, "arrakis-job");
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Checks and queues a tool call.
	 * @throws JobRejectedException for a bad call or a full queue
	 */
	public JobView submit(String owner, JobRequest request) {
		Map<String, Object> params = request.parameters();
		this.models.withModel(request.model(), (model) -> {
			try {
				Arguments.of(this.tools.tool(request.tool(), model), request.method(), params);
			}
			catch (IllegalArgumentException ex) {
				throw JobRejectedException.invalidCall(ex.getMessage());
			}
			return null;
		});
		Job job = this.jobs.save(new Job(UUID.randomUUID(), owner, request.model(), request.tool(), request.method(),
				ExperimentRunner.JSON.writeValueAsString(params), this.clock.instant()));
		ForwardWatch watch = new ForwardWatch();
		this.running.put(job.id(), watch);
		try {
			this.workers.execute(() -> run(job.id(), watch));
		}
		catch (RejectedExecutionException ex) {
			this.running.remove(job.id());
			this.jobs.delete(job);
			throw JobRejectedException.queueFull(this.queueCapacity);
		}
		return view(job);
	}

	/** A job its owner (or an admin) may see. */
	public JobView get(String caller, boolean admin, UUID id) {
		return view(visible(caller, admin, id));
	}

	/** The caller's jobs, newest first. */
	public List<JobView> list(String owner, int limit) {
		return this.jobs.findByOwnerOrderBySubmittedAtDesc(owner, Limit.of(limit)).stream().map(this::view).toList();
	}

	/**
	 * Cancels a job: a queued one ends at once, a running one at its next forward pass;
	 * an ended one stays as it ended.
	 */
	public JobView cancel(String caller, boolean admin, UUID id) {
		Job job = visible(caller, admin, id);
		ForwardWatch watch = this.running.get(id);
		if (watch != null) {
			watch.cancel();
		}
		synchronized (this) {
			Job current = this.jobs.findById(id).orElseThrow();
			if (current.status() == JobStatus.QUEUED) {
				current.end(JobStatus.CANCELLED, this.clock.instant(), 0, "cancelled before it started");
				return view(this.jobs.save(current));
			}
		}
		return view(job);
	}

	/** Marks the jobs a server stop cut off. */
	@EventListener(ApplicationStartedEvent.class)
	public void markInterrupted() {
		List<Job> unfinished = this.jobs.findByStatusIn(List.of(JobStatus.QUEUED, JobStatus.RUNNING));
		for (Job job : unfinished) {
			job.end(JobStatus.INTERRUPTED, this.clock.instant(), job.forwardPasses(),
					"interrupted: the server stopped while the job was " + job.status().name().toLowerCase());
			this.jobs.save(job);
		}
		if (!unfinished.isEmpty()) {
			logger.warn("Marked {} job(s) cut off by the last server stop as interrupted", unfinished.size());
		}
	}

	@Override
	public void destroy() {
		this.stopping = true;
		this.running.values().forEach(ForwardWatch::cancel);
		this.workers.shutdownNow();
		try {
			// Let running jobs record that they were interrupted while the database is
			// still there; queued ones are marked at the next start.
			this.workers.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run(UUID id, ForwardWatch watch) {
		Job job;
		synchronized (this) {
			job = this.jobs.findById(id).orElse(null);
			if (job == null || job.status() != JobStatus.QUEUED) {
				this.running.remove(id);
				return;
			}
			job.start(this.clock.instant());
			job = this.jobs.save(job);
		}
		try {
			Job started = job;
			Map<String, Object> params = ExperimentRunner.JSON.readValue(started.params(),
					new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
					});
			Object result = this.models.withModel(started.model(), (model) -> watch
				.watch(() -> this.tools.tool(started.tool(), model).invoke(started.method(), params)));
			byte[] json = ExperimentRunner.JSON.writeValueAsBytes(result);
			if (json.length > this.inlineResultBytes) {
				ArtifactRef artifact = this.artifacts.put(json, "application/json");
				started.succeed(this.clock.instant(), watch.passes(), null, artifact.sha256());
			}
			else {
				started.succeed(this.clock.instant(), watch.passes(),
						new String(json, java.nio.charset.StandardCharsets.UTF_8), null);
			}
			this.jobs.save(started);
		}
		catch (WorkCancelledException ex) {
			if (this.stopping) {
				job.end(JobStatus.INTERRUPTED, this.clock.instant(), watch.passes(),
						"interrupted: the server stopped while the job was running");
			}
			else {
				job.end(JobStatus.CANCELLED, this.clock.instant(), watch.passes(), ex.getMessage());
			}
			this.jobs.save(job);
		}
		catch (RuntimeException | Error ex) {
			job.end(JobStatus.FAILED, this.clock.instant(), watch.passes(),
					Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
			this.jobs.save(job);
			if (ex instanceof Error error) {
				throw error;
			}
		}
		finally {
			this.running.remove(id);
		}
	}

	private Job visible(String caller, boolean admin, UUID id) {
		return this.jobs.findById(id)
			.filter((job) -> admin || job.owner().equals(caller))
			.orElseThrow(() -> new UnknownJobException(id.toString()));
	}

	private JobView view(Job job) {
		ForwardWatch watch = this.running.get(job.id());
		long passes = (job.status() == JobStatus.RUNNING && watch != null) ? watch.passes() : job.forwardPasses();
		String result = job.result();
		@Nullable JsonNode resultJson = (result != null) ? ExperimentRunner.JSON.readTree(result) : null;
		Object partial = (job.status() == JobStatus.RUNNING && watch != null) ? watch.partial() : null;
		@Nullable JsonNode partialJson = (partial != null) ? ExperimentRunner.JSON.valueToTree(partial) : null;
		return new JobView(job.id(), job.owner(), job.model(), job.tool(), job.method(), job.status(),
				job.submittedAt(), job.startedAt(), job.endedAt(), passes, resultJson, job.resultArtifact(),
				job.error(), partialJson);
	}

}
