package dev.arrakis.app.bench;

import dev.arrakis.bench.VersionRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.arrakis.bench.definition.CanonicalJson;
import dev.arrakis.bench.definition.ExperimentDefinition;
import dev.arrakis.bench.definition.Versions;

/**
 * Records experiment versions: the same definition is the same version (recording it
 * again returns the stored one); a different definition is a new version, linked to the
 * version it was edited from. Two callers recording one new version at the same moment
 * race on the database's unique key: one wins, the other gets a
 * {@link org.springframework.dao.DataIntegrityViolationException} and finds the winner's
 * row when it asks again.
 */
@Service
public class ExperimentVersionStore {

	private final ExperimentRepository experiments;

	private final ExperimentVersionRepository versions;

	private final Clock clock = Clock.systemUTC();

	ExperimentVersionStore(ExperimentRepository experiments, ExperimentVersionRepository versions) {
		this.experiments = experiments;
		this.versions = versions;
	}

	/**
	 * Records {@code definition} as a version of the owner's experiment of the same name.
	 * @param parentSha256 the version it was edited from; it must be a version of the
	 * same experiment
	 * @throws IllegalArgumentException for an unknown parent
	 */
	@Transactional
	public VersionRecord record(String owner, ExperimentDefinition definition, @Nullable String parentSha256) {
		Experiment experiment = this.experiments.findByOwnerAndName(owner, definition.name())
			.orElseGet(() -> this.experiments.save(new Experiment(owner, definition.name(), this.clock.instant())));
		Long parentId = null;
		if (parentSha256 != null) {
			parentId = this.versions.findByExperimentIdAndSha256(experiment.id(), parentSha256)
				.orElseThrow(() -> new IllegalArgumentException("parent version %s is not a version of experiment '%s'"
					.formatted(parentSha256, definition.name())))
				.id();
		}
		String sha256 = Versions.of(definition);
		Optional<ExperimentVersion> existing = this.versions.findByExperimentIdAndSha256(experiment.id(), sha256);
		if (existing.isPresent()) {
			return toRecord(experiment, existing.get(), false);
		}
		ExperimentVersion saved = this.versions.saveAndFlush(new ExperimentVersion(experiment.id(), sha256, parentId,
				CanonicalJson.of(definition), this.clock.instant()));
		return toRecord(experiment, saved, true);
	}

	/**
	 * Every version of the owner's experiment, oldest first; empty when there is none.
	 */
	@Transactional(readOnly = true)
	public List<VersionRecord> versions(String owner, String name) {
		return this.experiments.findByOwnerAndName(owner, name)
			.map(experiment -> this.versions.findByExperimentIdOrderByIdAsc(experiment.id())
				.stream()
				.map(version -> toRecord(experiment, version, false))
				.toList())
			.orElse(List.of());
	}

	/**
	 * One version of the owner's experiment.
	 * @throws UnknownExperimentException when the owner has no such experiment
	 * @throws UnknownVersionException when it has no such version
	 */
	@Transactional(readOnly = true)
	public VersionRecord version(String owner, String name, String sha256) {
		Experiment experiment = experiment(owner, name);
		return toRecord(experiment, stored(experiment, sha256), false);
	}

	/** The names of the owner's experiments, alphabetically. */
	@Transactional(readOnly = true)
	public List<String> experiments(String owner) {
		return this.experiments.findByOwnerOrderByNameAsc(owner).stream().map(Experiment::name).toList();
	}

	/** The stored row of a version, for the run store's foreign key. */
	ExperimentVersion stored(String owner, String name, String sha256) {
		return stored(experiment(owner, name), sha256);
	}

	/** The version with row id {@code id}, as a record. */
	VersionRecord byId(long id) {
		ExperimentVersion version = this.versions.findById(id).orElseThrow();
		Experiment experiment = this.experiments.findById(version.experimentId()).orElseThrow();
		return toRecord(experiment, version, false);
	}

	private Experiment experiment(String owner, String name) {
		return this.experiments.findByOwnerAndName(owner, name)
			.orElseThrow(() -> new UnknownExperimentException(owner, name, experiments(owner)));
	}

	private ExperimentVersion stored(Experiment experiment, String sha256) {
		return this.versions.findByExperimentIdAndSha256(experiment.id(), sha256)
			.orElseThrow(() -> new UnknownVersionException(experiment.name(), sha256,
					this.versions.findByExperimentIdOrderByIdAsc(experiment.id())
						.stream()
						.map(ExperimentVersion::sha256)
						.toList()));
	}

	private VersionRecord toRecord(Experiment experiment, ExperimentVersion version, boolean created) {
		Long parentId = version.parentVersionId();
		String parent = parentId == null ? null
				: this.versions.findById(parentId).map(ExperimentVersion::sha256).orElse(null);
		return new VersionRecord(experiment.name(), experiment.owner(), version.sha256(), parent, version.definition(),
				version.createdAt(), created);
	}

}
