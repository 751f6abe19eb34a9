package dev.arrakis.app.bench;

import java.security.Principal;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.bench.diff.Tolerance;

/**
 * Runs, their artifacts (the bytes with their media type) and diffs between runs, for
 * callers who may see the runs' experiments.
 */
@RestController
@RequestMapping("/api/v1")
class ExperimentRunController {

	private final ExperimentCatalog catalog;

	private final ExperimentRunService service;

	private final ArtifactStore artifacts;

	ExperimentRunController(ExperimentCatalog catalog, ExperimentRunService service, ArtifactStore artifacts) {
		this.catalog = catalog;
		this.service = service;
		this.artifacts = artifacts;
	}

	@Operation(operationId = "getRun", summary = "One run: status, manifest, steps, metrics, profile, error, artifacts",
			description = "404 unknown-run, also when its experiment is not visible")
	@GetMapping("/runs/{id}")
	RunRecord run(@PathVariable UUID id, @Nullable Principal principal) {
		return this.catalog.readableRun(Caller.of(principal), id);
	}

	@Operation(operationId = "getRunArtifact",
			summary = "An artifact of a run by its name, e.g. plots/0-attention.png, with its media type")
	@GetMapping("/runs/{id}/artifacts/{*name}")
	ResponseEntity<byte[]> runArtifact(@PathVariable UUID id, @PathVariable String name,
			@Nullable Principal principal) {
		String artifactName = name.startsWith("/") ? name.substring(1) : name;
		RunRecord run = this.catalog.readableRun(Caller.of(principal), id);
		ArtifactRef ref = run.artifacts()
			.stream()
			.filter((named) -> named.name().equals(artifactName))
			.map(RunRecord.NamedArtifact::ref)
			.findFirst()
			.orElseThrow(() -> new UnknownArtifactException("'%s' in run %s".formatted(artifactName, id)));
		return bytes(ref.sha256());
	}

	@Operation(operationId = "getArtifact", summary = "An artifact by the SHA-256 of its bytes, with its media type",
			description = "404 unless it belongs to a run the caller may see")
	@GetMapping("/artifacts/{sha256}")
	ResponseEntity<byte[]> artifact(@PathVariable String sha256, @Nullable Principal principal) {
		if (!this.catalog.artifactReadable(Caller.of(principal), sha256)) {
			throw new UnknownArtifactException(sha256);
		}
		return bytes(sha256);
	}

	@Operation(operationId = "diffRuns", summary = "How two runs differ: definitions, manifests, results and metrics",
			description = "numbers in results and metrics are equal within absolute + relative * max(|a|, |b|); 400 "
					+ "invalid-request for a negative or non-finite tolerance")
	@GetMapping("/runs/{id}/diff/{other}")
	RunDiff diff(@PathVariable UUID id, @PathVariable UUID other, @RequestParam(defaultValue = "0") double absolute,
			@RequestParam(defaultValue = "0") double relative, @Nullable Principal principal) {
		Caller caller = Caller.of(principal);
		this.catalog.readableRun(caller, id);
		this.catalog.readableRun(caller, other);
		Tolerance tolerance;
		try {
			tolerance = new Tolerance(absolute, relative);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidFieldProblem.refused("absolute, relative", ex);
		}
		return this.service.diffRuns(id, other, tolerance);
	}

	private ResponseEntity<byte[]> bytes(String sha256) {
		StoredArtifact stored = this.artifacts.get(sha256).orElseThrow(() -> new UnknownArtifactException(sha256));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(stored.ref().mediaType()))
			.contentLength(stored.content().length)
			.body(stored.content());
	}

}
