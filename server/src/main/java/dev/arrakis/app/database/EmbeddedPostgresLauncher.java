package dev.arrakis.app.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL 17 (zonky's binaries) on a data directory that outlives
 * the process.
 *
 * <h2>Running as root</h2> PostgreSQL's {@code initdb} and {@code postgres} refuse to run
 * with effective uid 0. zonky's {@code EmbeddedPostgres} 2.x already handles this on
 * Linux: when the JVM runs as root and {@code unshare -U id -u} prints a non-zero uid
 * ({@code LinuxUtils.isUnshareAvailable()}), it starts {@code initdb}, {@code pg_ctl} and
 * {@code postgres} as {@code unshare -U <binary> ...}. Each then runs in a fresh user
 * namespace with no uid mapping:
 * <ul>
 * <li>inside, the process sees itself as the overflow user ({@code nobody}, 65534), so
 * PostgreSQL's root check passes, and it holds no capabilities outside the
 * namespace;</li>
 * <li>the kernel still checks file access against its real uid (root), so it can write
 * the root-owned data directory, and it sees that directory as owned by {@code nobody},
 * matching its own uid, so PostgreSQL's data-directory ownership check passes too.</li>
 * </ul>
 * We rely on that rather than switching to a separate OS account
 * ({@code setpriv}/{@code su}): an account would have to exist on every machine, the data
 * directory would have to be chowned to it (and would then no longer belong to the user
 * who runs the server), and zonky builds its command lines itself, so there is no builder
 * option to wrap them; the user namespace needs none of this. Where user namespaces are
 * forbidden (Docker's default seccomp profile, {@code user.max_user_namespaces=0}), a
 * root JVM cannot start PostgreSQL at all, so {@link #start} fails at once with a message
 * naming the two ways out, instead of {@code initdb}'s "cannot be run as root" buried in
 * the log. As a normal user none of this applies and the binaries run directly.
 *
 * <p>
 * Verified on Debian 12 (kernel user namespaces enabled): as root, as {@code nobody} via
 * {@code setpriv}, and as root with {@code unshare} failing (the refusal).
 */
final class EmbeddedPostgresLauncher {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

	/**
	 * The superuser zonky's {@code initdb -U} creates; connections from localhost are
	 * trusted.
	 */
	static final String SUPERUSER = "postgres";

	/**
	 * A cold start (unpacking the binaries, then {@code initdb}) takes a few seconds; a
	 * slow CI machine more.
	 */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	private EmbeddedPostgresLauncher() {
	}

	/**
	 * Starts PostgreSQL on {@code dataDir}, running {@code initdb} first when the
	 * directory holds no cluster yet.
	 * @param dataDir the cluster's directory; created if missing, reused as is when it
	 * already holds a cluster
	 * @return the running server; closing it stops PostgreSQL and keeps the data
	 * @throws IOException if the directory cannot be created or the server does not come
	 * up
	 * @throws IllegalStateException if the JVM runs as root where PostgreSQL cannot be
	 * run unprivileged
	 */
	static EmbeddedPostgres start(Path dataDir) throws IOException {
		String refusal = refusal(isLinux(), effectiveUid(), LinuxUtils.isUnshareAvailable());
		if (refusal != null) {
			throw new IllegalStateException(refusal);
		}
		Path directory = dataDir.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.setPGStartupWait(STARTUP_WAIT)
			// zonky turns synchronous_commit off for throw-away test clusters; this one
			// keeps records.
			.setServerConfig("synchronous_commit", "on")
			// A fixed, always-available locale: sorting does not depend on the machine's
			// LANG.
			.setLocaleConfig("locale", "C")
			.start();
		logger.info("Embedded PostgreSQL 17 listening on localhost:{}, data in {}", postgres.getPort(), directory);
		return postgres;
	}

	/**
	 * Why PostgreSQL cannot be started here, or {@code null} when it can.
	 * @param linux whether the OS is Linux (zonky's user-namespace launch exists only
	 * there)
	 * @param uid the JVM's effective uid, or -1 where there is none
	 * @param userNamespaceLaunch whether zonky will launch the binaries through
	 * {@code unshare -U}
	 */
	static @Nullable String refusal(boolean linux, long uid, boolean userNamespaceLaunch) {
		if (uid != 0 || (linux && userNamespaceLaunch)) {
			return null;
		}
		return """
				The embedded PostgreSQL cannot run as root: PostgreSQL refuses uid 0, and this machine does not let \
				Arrakis run it unprivileged in a user namespace (`unshare -U` failed or is missing). Either run the \
				server as a non-root user, or point it at a PostgreSQL server with ARRAKIS_DB_URL, ARRAKIS_DB_USER \
				and ARRAKIS_DB_PASSWORD.""";
	}

	private static boolean isLinux() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
	}

	private static long effectiveUid() {
		boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
		return windows ? -1 : new UnixSystem().getUid();
	}

}
