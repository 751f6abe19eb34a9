package dev.arrakis.app.bench;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import dev.arrakis.bench.ExperimentStore;
import dev.arrakis.bench.VersionRecord;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.run.ExperimentRunner;
import dev.arrakis.bench.run.RunManifest;

/**
 * The server's {@link ExperimentStore}: an
 * {@link dev.arrakis.bench.InterpretabilityBench} built on it records into the same
 * PostgreSQL tables as the server's own runs.
 */
@Component
public class PostgresExperimentStore implements ExperimentStore {

	private final ExperimentVersionStore versions;

	private final ExperimentRunStore runs;

	PostgresExperimentStore(ExperimentVersionStore versions, ExperimentRunStore runs) {
		this.versions = versions;
		this.runs = runs;
	}

	@Override
	public VersionRecord recordVersion(String owner, ExperimentDefinition definition, @Nullable String parent) {
		try {
			return this.versions.record(owner, definition, parent);
		}
		catch (DataIntegrityViolationException ex) {
			// Recorded by another caller at the same moment: it is stored now.
			return this.versions.record(owner, definition, parent);
		}
	}

	@Override
	public List<VersionRecord> versions(String owner, String experiment) {
		return this.versions.versions(owner, experiment);
	}

	@Override
	public VersionRecord version(String owner, String experiment, String sha256) {
		return this.versions.version(owner, experiment, sha256);
	}

	@Override
	public String startRun(String owner, VersionRecord version, String model, RunManifest manifest) {
		return this.runs
			.start(owner, version.experiment(), version.sha256(), model, false,
					ExperimentRunner.JSON.writeValueAsString(manifest))
			.toString();
	}

	@Override
	public void succeedRun(String runId, String stepsJson, String metricsJson, @Nullable String profileJson) {
		this.runs.succeed(UUID.fromString(runId), stepsJson, metricsJson, profileJson);
	}

	@Override
	public void failRun(String runId, String error, @Nullable String stepsJson) {
		this.runs.fail(UUID.fromString(runId), error, stepsJson);
	}

}
