package dev.arrakis.app.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the embedded PostgreSQL may be started, decided before any process is launched.
 */
class EmbeddedPostgresLauncherTest {

	@Test
	void aNormalUserStartsPostgresDirectly() {
		assertThat(EmbeddedPostgresLauncher.refusal(true, 1000, false)).isNull();
		assertThat(EmbeddedPostgresLauncher.refusal(false, 501, false)).isNull();
	}

	@Test
	void rootStartsPostgresInAUserNamespaceWhereLinuxAllowsIt() {
		assertThat(EmbeddedPostgresLauncher.refusal(true, 0, true)).isNull();
	}

	@Test
	void rootWithoutUserNamespacesIsRefusedNamingBothWaysOut() {
		String refusal = EmbeddedPostgresLauncher.refusal(true, 0, false);

		assertThat(refusal).isNotNull()
			.contains("cannot run as root")
			.contains("unshare -U")
			.contains("non-root user")
			.contains("ARRAKIS_DB_URL");
	}

	@Test
	void rootOutsideLinuxIsRefusedBecauseOnlyLinuxHasTheUserNamespaceLaunch() {
		assertThat(EmbeddedPostgresLauncher.refusal(false, 0, true)).isNotNull();
	}

}
