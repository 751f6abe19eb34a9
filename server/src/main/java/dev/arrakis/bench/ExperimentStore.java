package dev.arrakis.bench;

import java.util.List;

import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.run.RunManifest;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link InterpretabilityBench} records versions and runs. The server's
 * implementation keeps them in PostgreSQL.
 */
public interface ExperimentStore {

	/**
	 * Records {@code definition} as a version of the owner's experiment of its name: the
	 * same definition is the same version.
	 * @param parent the version it was edited from, or null
	 */
	VersionRecord recordVersion(String owner, ExperimentDefinition definition, @Nullable String parent);

	/**
	 * Every version of the owner's experiment, oldest first; empty when there is none.
	 */
	List<VersionRecord> versions(String owner, String experiment);

	/**
	 * One version.
	 * @throws RuntimeException a not-found error naming the unknown experiment or version
	 */
	VersionRecord version(String owner, String experiment, String sha256);

	/** Records a run of a version as started now; returns the run's id. */
	String startRun(String owner, VersionRecord version, String model, RunManifest manifest);

	/** Ends a run as succeeded, with its steps' results and metrics as JSON. */
	void succeedRun(String runId, String stepsJson, String metricsJson, @Nullable String profileJson);

	/** Ends a run as failed, with its error and the steps that completed (or null). */
	void failRun(String runId, String error, @Nullable String stepsJson);

}
