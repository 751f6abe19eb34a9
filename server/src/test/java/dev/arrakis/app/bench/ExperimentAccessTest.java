package dev.arrakis.app.bench;

import java.security.Principal;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** The visibility rule, for callers as the accounts feature authenticates them. */
class ExperimentAccessTest {

	private static final Caller ALICE = caller("alice", "ROLE_RESEARCHER", "TEAM_circuits");

	private static final Caller BOB_SAME_TEAM = caller("bob", "ROLE_VIEWER", "TEAM_circuits");

	private static final Caller CAROL_OTHER_TEAM = caller("carol", "ROLE_RESEARCHER", "TEAM_probes");

	private static final Caller ADMIN = caller("admin", "ROLE_ADMIN");

	@Test
	void aPrivateExperimentIsSeenByItsOwnerAndAdministratorsOnly() {
		assertThat(ExperimentAccess.canRead(ALICE, "alice", Visibility.PRIVATE, "circuits")).isTrue();
		assertThat(ExperimentAccess.canRead(ADMIN, "alice", Visibility.PRIVATE, "circuits")).isTrue();
		assertThat(ExperimentAccess.canRead(BOB_SAME_TEAM, "alice", Visibility.PRIVATE, "circuits")).isFalse();
		assertThat(ExperimentAccess.canRead(CAROL_OTHER_TEAM, "alice", Visibility.PRIVATE, "circuits")).isFalse();
	}

	@Test
	void aTeamExperimentIsSeenByTheTeamsMembers() {
		assertThat(ExperimentAccess.canRead(BOB_SAME_TEAM, "alice", Visibility.TEAM, "circuits")).isTrue();
		assertThat(ExperimentAccess.canRead(CAROL_OTHER_TEAM, "alice", Visibility.TEAM, "circuits")).isFalse();
		assertThat(ExperimentAccess.canRead(CAROL_OTHER_TEAM, "alice", Visibility.TEAM, null)).isFalse();
		assertThat(ExperimentAccess.canRead(ADMIN, "alice", Visibility.TEAM, "circuits")).isTrue();
	}

	@Test
	void aPublicExperimentIsSeenByEveryone() {
		assertThat(ExperimentAccess.canRead(CAROL_OTHER_TEAM, "alice", Visibility.PUBLIC, null)).isTrue();
		assertThat(ExperimentAccess.canRead(Caller.of(null), "alice", Visibility.PUBLIC, null)).isTrue();
	}

	@Test
	void onlyTheOwnerAndAdministratorsChangeAnExperiment() {
		assertThat(ExperimentAccess.canChange(ALICE, "alice")).isTrue();
		assertThat(ExperimentAccess.canChange(ADMIN, "alice")).isTrue();
		assertThat(ExperimentAccess.canChange(BOB_SAME_TEAM, "alice")).isFalse();
	}

	@Test
	void aCallerComesFromTheAuthenticationOrIsAnonymous() {
		assertThat(Caller.of(null)).isEqualTo(new Caller("anonymous", Set.of()));
		assertThat(ALICE.name()).isEqualTo("alice");
		assertThat(ALICE.firstTeam()).isEqualTo("circuits");
		assertThat(caller("dave", "TEAM_zeta", "TEAM_alpha").firstTeam()).isEqualTo("alpha");
		assertThat(ADMIN.firstTeam()).isNull();
		assertThat(ADMIN.isAdmin()).isTrue();
		Principal plain = () -> "erin";
		assertThat(Caller.of(plain)).isEqualTo(new Caller("erin", Set.of()));
	}

	@Test
	void visibilityIsWrittenInLowerCaseAndReadInAnyCase() {
		assertThat(Visibility.TEAM.value()).isEqualTo("team");
		assertThat(Visibility.of("Public")).isEqualTo(Visibility.PUBLIC);
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Visibility.of("secret"))
			.withMessageContaining("private, team, public");
	}

	private static Caller caller(String name, String... authorities) {
		return Caller.of(UsernamePasswordAuthenticationToken.authenticated(name, "key",
				AuthorityUtils.createAuthorityList(authorities)));
	}

}
