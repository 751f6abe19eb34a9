package dev.arrakis.app.bench;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.definition.Problem;
import dev.arrakis.bench.diff.DiffReport;
import dev.arrakis.bench.run.InvalidDefinitionException;

/**
 * Experiments over HTTP: running definitions, listing experiments, their versions and
 * runs, diffs of versions, replays and sharing. The caller owns what it runs; what it may
 * not see answers as if it did not exist ({@link ExperimentCatalog}).
 */
@RestController
@RequestMapping("/api/v1/experiments")
class ExperimentController {

	private final ExperimentRunService service;

	private final ExperimentCatalog catalog;

	private final ExperimentVersionStore versions;

	private final ExperimentRunStore runs;

	ExperimentController(ExperimentRunService service, ExperimentCatalog catalog, ExperimentVersionStore versions,
			ExperimentRunStore runs) {
		this.service = service;
		this.catalog = catalog;
		this.versions = versions;
		this.runs = runs;
	}

	@Operation(operationId = "runExperiment",
			summary = "Runs a definition as a version of the caller's experiment of its name",
			description = "201 with the run, also when it failed (status FAILED, with its error); 422 "
					+ "invalid-definition with every problem as {path, reason} when nothing ran; 404 unknown-model")
	@PostMapping("/runs")
	ResponseEntity<RunRecord> run(@Valid @RequestBody ExperimentRunRequest request, @Nullable Principal principal) {
		Caller caller = Caller.of(principal);
		ExperimentDefinition definition = definition(request);
		RunRecord run;
		try {
			run = this.service.run(caller.name(), definition, request.parent(), request.profile());
		}
		catch (InvalidDefinitionException ex) {
			throw new InvalidDefinitionProblem(ex.problems());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDefinitionProblem(List.of(new Problem("parent", String.valueOf(ex.getMessage()))));
		}
		this.catalog.adoptTeam(caller.name(), definition.name(), caller.firstTeam());
		return ResponseEntity.created(URI.create("/api/v1/runs/" + run.id())).body(run);
	}

	@Operation(operationId = "listExperiments",
			summary = "The experiments the caller may see: their own, their teams' and public ones")
	@GetMapping
	List<ExperimentSummary> list(@Nullable Principal principal) {
		return this.catalog.visibleTo(Caller.of(principal));
	}

	@Operation(operationId = "getExperiment", summary = "One experiment",
			description = "404 unknown-experiment, also when not visible")
	@GetMapping("/{owner}/{name}")
	ExperimentSummary experiment(@PathVariable String owner, @PathVariable String name, @Nullable Principal principal) {
		return this.catalog.readable(Caller.of(principal), owner, name);
	}

	@Operation(operationId = "shareExperiment",
			summary = "Changes who may see an experiment (owner and administrators only)",
			description = "403 experiment-access-denied for a visible experiment of someone else; 404 when not "
					+ "visible; 400 invalid-request for team visibility without a team")
	@PatchMapping("/{owner}/{name}")
	ExperimentSummary share(@PathVariable String owner, @PathVariable String name,
			@Valid @RequestBody ShareRequest request, @Nullable Principal principal) {
		return this.catalog.share(Caller.of(principal), owner, name, request.visibility(), request.team());
	}

	@Operation(operationId = "listVersions", summary = "Every version of an experiment, oldest first")
	@GetMapping("/{owner}/{name}/versions")
	List<VersionResponse> versions(@PathVariable String owner, @PathVariable String name,
			@Nullable Principal principal) {
		this.catalog.readable(Caller.of(principal), owner, name);
		return this.versions.versions(owner, name).stream().map(VersionResponse::of).toList();
	}

	@Operation(operationId = "getVersion", summary = "One version of an experiment",
			description = "404 unknown-experiment or unknown-version")
	@GetMapping("/{owner}/{name}/versions/{sha256}")
	VersionResponse version(@PathVariable String owner, @PathVariable String name, @PathVariable String sha256,
			@Nullable Principal principal) {
		this.catalog.readable(Caller.of(principal), owner, name);
		return VersionResponse.of(this.versions.version(owner, name, sha256));
	}

	@Operation(operationId = "listVersionRuns", summary = "Every run of one version, oldest first")
	@GetMapping("/{owner}/{name}/versions/{sha256}/runs")
	List<RunRecord> runs(@PathVariable String owner, @PathVariable String name, @PathVariable String sha256,
			@Nullable Principal principal) {
		this.catalog.readable(Caller.of(principal), owner, name);
		return this.runs.runs(owner, name, sha256);
	}

	@Operation(operationId = "diffVersions", summary = "The differences between two versions' definitions")
	@GetMapping("/{owner}/{name}/diff")
	DiffReport diff(@PathVariable String owner, @PathVariable String name, @RequestParam String left,
			@RequestParam String right, @Nullable Principal principal) {
		this.catalog.readable(Caller.of(principal), owner, name);
		return this.service.diffVersions(owner, name, left, right);
	}

	@Operation(operationId = "replayVersion", summary = "Runs a stored version again on another resident model",
			description = "201 with the replay run (recorded under the experiment's owner); 404 unknown-model, "
					+ "unknown-experiment or unknown-version; 422 when the version does not fit that model")
	@PostMapping("/{owner}/{name}/versions/{sha256}/replay")
	ResponseEntity<RunRecord> replay(@PathVariable String owner, @PathVariable String name, @PathVariable String sha256,
			@Valid @RequestBody ReplayRequest request, @Nullable Principal principal) {
		this.catalog.readable(Caller.of(principal), owner, name);
		RunRecord run = this.service.replay(owner, name, sha256, request.model());
		return ResponseEntity.created(URI.create("/api/v1/runs/" + run.id())).body(run);
	}

	private static ExperimentDefinition definition(ExperimentRunRequest request) {
		if (!request.definition().isObject()) {
			throw new InvalidDefinitionProblem(List.of(new Problem("definition", "must be a JSON object")));
		}
		try {
			return DefinitionJson.read(request.definition().toString());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDefinitionProblem(List.of(new Problem("definition", String.valueOf(ex.getMessage()))));
		}
	}

}
