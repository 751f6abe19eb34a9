package dev.arrakis.app.bench;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's settings bind from the environment variables the README documents. */
class BenchPropertiesTest {

	@Test
	void environmentVariablesSetEverySetting() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env",
					Map.of("ARRAKIS_BENCH_ARTIFACTS_DIR", "/srv/artifacts", "ARRAKIS_BENCH_INLINE_ARTIFACT_BYTES",
							"2MB", "ARRAKIS_BENCH_INLINE_RESULT_BYTES", "1KB", "ARRAKIS_BENCH_DATASETS_DIR",
							"/srv/datasets")));

		BenchProperties properties = Binder.get(environment).bind("arrakis.bench", BenchProperties.class).get();

		assertThat(properties.artifactsDir()).isEqualTo(Path.of("/srv/artifacts"));
		assertThat(properties.inlineArtifactBytes()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(properties.inlineResultBytes()).isEqualTo(DataSize.ofKilobytes(1));
		assertThat(properties.datasetsDir()).isEqualTo(Path.of("/srv/datasets"));
	}

}
