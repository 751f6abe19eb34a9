package dev.arrakis.app.bench;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import dev.arrakis.app.web.InvalidFieldProblem;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Experiments as their callers may see them ({@link ExperimentAccess}): the list, the
 * checks every read goes through, and sharing. Something a caller may not see is reported
 * exactly like something that does not exist, so that its existence is not revealed.
 */
@Service
public class ExperimentCatalog {

	private final ExperimentRepository experiments;

	private final ExperimentVersionRepository versions;

	private final ExperimentRunRepository runs;

	private final RunArtifactRepository runArtifacts;

	private final ExperimentRunStore runStore;

	ExperimentCatalog(ExperimentRepository experiments, ExperimentVersionRepository versions,
			ExperimentRunRepository runs, RunArtifactRepository runArtifacts, ExperimentRunStore runStore) {
		this.experiments = experiments;
		this.versions = versions;
		this.runs = runs;
		this.runArtifacts = runArtifacts;
		this.runStore = runStore;
	}

	/** The experiments {@code caller} may see, by owner and name. */
	@Transactional(readOnly = true)
	public List<ExperimentSummary> visibleTo(Caller caller) {
		return this.experiments.findAllByOrderByOwnerAscNameAsc()
			.stream()
			.filter((experiment) -> readable(caller, experiment))
			.map(this::summary)
			.toList();
	}

	/**
	 * The experiment, if {@code caller} may see it.
	 * @throws UnknownExperimentException when there is none or the caller may not see it
	 * (listing only the owner's experiments the caller may see)
	 */
	@Transactional(readOnly = true)
	public ExperimentSummary readable(Caller caller, String owner, String name) {
		return summary(readableEntity(caller, owner, name));
	}

	/**
	 * The run, if {@code caller} may see its experiment.
	 * @throws UnknownRunException when there is none or the caller may not see it
	 */
	@Transactional(readOnly = true)
	public RunRecord readableRun(Caller caller, UUID id) {
		RunRecord run = this.runStore.run(id);
		boolean visible = this.experiments.findByOwnerAndName(run.owner(), run.experiment())
			.map((experiment) -> readable(caller, experiment))
			.orElse(false);
		if (!visible) {
			throw new UnknownRunException(id.toString());
		}
		return run;
	}

	/** Whether the artifact belongs to a run whose experiment {@code caller} may see. */
	@Transactional(readOnly = true)
	public boolean artifactReadable(Caller caller, String sha256) {
		return this.runArtifacts.findByArtifactSha256(sha256)
			.stream()
			.map((link) -> this.runs.findById(link.runId()))
			.flatMap(java.util.Optional::stream)
			.map((run) -> this.versions.findById(run.versionId()))
			.flatMap(java.util.Optional::stream)
			.map((version) -> this.experiments.findById(version.experimentId()))
			.flatMap(java.util.Optional::stream)
			.anyMatch((experiment) -> readable(caller, experiment));
	}

	/**
	 * Changes who may see the experiment. A {@code team} experiment needs a team: the one
	 * given (the caller must be in it, unless an administrator), else the experiment's,
	 * else the caller's first.
	 * @throws UnknownExperimentException when the caller may not see it
	 * @throws ExperimentAccessDeniedException when the caller sees it but may not change
	 * it
	 */
	@Transactional
	public ExperimentSummary share(Caller caller, String owner, String name, Visibility visibility,
			@Nullable String team) {
		Experiment experiment = readableEntity(caller, owner, name);
		if (!ExperimentAccess.canChange(caller, owner)) {
			throw new ExperimentAccessDeniedException(owner, name, "only its owner and administrators may");
		}
		if (team != null && !caller.isAdmin() && !caller.inTeam(team)) {
			throw new ExperimentAccessDeniedException(owner, name, "you are not in team '%s'".formatted(team));
		}
		String chosen = (team != null) ? team : (experiment.team() != null) ? experiment.team() : caller.firstTeam();
		if (visibility == Visibility.TEAM && chosen == null) {
			throw new InvalidFieldProblem("team",
					"team: " + "visibility team needs a team: name one, or belong to one (authority TEAM_<team>)");
		}
		experiment.share(visibility, chosen);
		return summary(this.experiments.save(experiment));
	}

	/**
	 * Records {@code team} as the experiment's team unless it has one (called after the
	 * owner's runs, so that the team is the owner's when the experiment was created).
	 */
	@Transactional
	public void adoptTeam(String owner, String name, @Nullable String team) {
		if (team == null) {
			return;
		}
		this.experiments.findByOwnerAndName(owner, name).ifPresent((experiment) -> {
			if (experiment.team() == null) {
				experiment.share(experiment.visibility(), team);
				this.experiments.save(experiment);
			}
		});
	}

	private Experiment readableEntity(Caller caller, String owner, String name) {
		return this.experiments.findByOwnerAndName(owner, name)
			.filter((experiment) -> readable(caller, experiment))
			.orElseThrow(() -> new UnknownExperimentException(owner, name,
					this.experiments.findByOwnerOrderByNameAsc(owner)
						.stream()
						.filter((experiment) -> readable(caller, experiment))
						.map(Experiment::name)
						.toList()));
	}

	private static boolean readable(Caller caller, Experiment experiment) {
		return ExperimentAccess.canRead(caller, experiment.owner(), experiment.visibility(), experiment.team());
	}

	private ExperimentSummary summary(Experiment experiment) {
		return new ExperimentSummary(experiment.owner(), experiment.name(), experiment.visibility(), experiment.team(),
				this.versions.countByExperimentId(experiment.id()), this.runs.latestStart(experiment.id()),
				experiment.createdAt());
	}

}
