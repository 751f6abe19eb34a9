package dev.arrakis.app.bench;

import org.jspecify.annotations.Nullable;

/**
 * The visibility rule of experiments, in one place. Owner and administrators
 * ({@code ROLE_ADMIN}) always see an experiment; others see a {@code team} experiment
 * when they hold {@code TEAM_<team>}, and a {@code public} one always. Only the owner and
 * administrators change it. Its versions, runs and artifacts follow the experiment.
 */
final class ExperimentAccess {

	private ExperimentAccess() {
	}

	/**
	 * Whether {@code caller} may see an experiment of this owner, visibility and team.
	 */
	static boolean canRead(Caller caller, String owner, Visibility visibility, @Nullable String team) {
		if (canChange(caller, owner)) {
			return true;
		}
		return switch (visibility) {
			case PUBLIC -> true;
			case TEAM -> team != null && caller.inTeam(team);
			case PRIVATE -> false;
		};
	}

	/** Whether {@code caller} may change an experiment of this owner (its visibility). */
	static boolean canChange(Caller caller, String owner) {
		return caller.name().equals(owner) || caller.isAdmin();
	}

}
