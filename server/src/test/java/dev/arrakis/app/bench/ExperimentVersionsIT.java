package dev.arrakis.app.bench;

import dev.arrakis.bench.VersionRecord;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.bench.definition.DefinitionJson;
import dev.arrakis.bench.definition.ExperimentDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Experiment versions in PostgreSQL: the same definition is one version however often it
 * is recorded (and by however many callers at once), an edit is a new version linked to
 * its parent, and a restarted server against the same database finds them all.
 */
class ExperimentVersionsIT {

	private static final String ORIGINAL = """
			{"name": "induction", "model": {"name": "tiny-induction-2l"}, "inputs": {"tokens": [[65, 66, 65, 66]]},
			 "steps": [{"id": "s1", "tool": "attention", "method": "detect_heads",
			            "params": {"tokens": [65, 66, 65, 66], "kind": "induction"}}]}
			""";

	/** The same definition, keys reordered and laid out differently. */
	private static final String REORDERED = """
			{"steps": [{"params": {"kind": "induction", "tokens": [65,66,65,66]}, "method": "detect_heads",
			 "tool": "attention", "id": "s1"}], "inputs": {"tokens": [[65,66,65,66]]},
			 "model": {"name": "tiny-induction-2l"}, "name": "induction"}
			""";

	private static final String EDITED = ORIGINAL.replace("\"induction\"}}]}", "\"previous_token\"}}]}");

	@Test
	void versionsSurviveARestartAndRepeatsAreOneVersion() throws Exception {
		Path data = ItDirectories.fresh("experiment-versions-postgres");
		Path models = ItDirectories.fresh("experiment-versions-models");
		String original;
		try (ConfigurableApplicationContext first = start(data, models)) {
			ExperimentVersionStore store = first.getBean(ExperimentVersionStore.class);
			VersionRecord recorded = store.record("ada", read(ORIGINAL), null);
			assertThat(recorded.created()).isTrue();
			assertThat(recorded.sha256()).matches("[0-9a-f]{64}");
			original = recorded.sha256();
			VersionRecord again = store.record("ada", read(REORDERED), null);
			assertThat(again.created()).isFalse();
			assertThat(again.sha256()).isEqualTo(original);
			VersionRecord edited = store.record("ada", read(EDITED), original);
			assertThat(edited.created()).isTrue();
			assertThat(edited.sha256()).isNotEqualTo(original);
			assertThat(edited.parent()).isEqualTo(original);
			// Another owner's experiment of the same name is another experiment.
			assertThat(store.record("grace", read(ORIGINAL), null).created()).isTrue();
			assertThatThrownBy(() -> store.record("ada", read(EDITED), "0".repeat(64)))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("is not a version of experiment 'induction'");
		}
		try (ConfigurableApplicationContext second = start(data, models)) {
			ExperimentVersionStore store = second.getBean(ExperimentVersionStore.class);
			List<VersionRecord> versions = store.versions("ada", "induction");
			assertThat(versions).extracting(VersionRecord::sha256).hasSize(2).startsWith(original);
			assertThat(versions.get(1).parent()).isEqualTo(original);
			assertThat(versions.get(0).definition()).doesNotContain(" ").contains("\"kind\":\"induction\"");
			assertThat(store.versions("grace", "induction")).hasSize(1);
			assertThat(store.versions("ada", "unknown")).isEmpty();
			ExperimentDefinition concurrent = read(ORIGINAL.replace("[65, 66, 65, 66]]", "[67, 68, 67, 68]]"));
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Callable<String>> calls = Collections.nCopies(4, () -> recordRetrying(store, concurrent));
				for (Future<String> result : pool.invokeAll(calls)) {
					assertThat(result.get()).matches("[0-9a-f]{64}");
				}
			}
			finally {
				pool.shutdown();
			}
			assertThat(store.versions("ada", "induction")).hasSize(3);
		}
	}

	/**
	 * Callers that record one new version at the same moment race on the unique key; the
	 * loser finds the winner's row when it asks again.
	 */
	private static String recordRetrying(ExperimentVersionStore store, ExperimentDefinition definition) {
		try {
			return store.record("ada", definition, null).sha256();
		}
		catch (DataIntegrityViolationException ex) {
			return store.record("ada", definition, null).sha256();
		}
	}

	private static ExperimentDefinition read(String json) {
		return DefinitionJson.read(json);
	}

	private static ConfigurableApplicationContext start(Path data, Path models) {
		return BenchServer.start(data, models, Map.of());
	}

}
