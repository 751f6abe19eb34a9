package dev.arrakis.app.models;

import java.nio.file.Path;

import dev.arrakis.engine.DType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code arrakis.models.*}. */
class ModelPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsAreTheModelsFolderFloat32AndAutomaticPlacement() {
		this.runner.run((context) -> {
			ModelProperties properties = context.getBean(ModelProperties.class);
			assertThat(properties.dir()).isEqualTo(Path.of("models"));
			assertThat(properties.directory()).isEqualTo(Path.of("models").toAbsolutePath());
			assertThat(properties.dtype()).isEqualTo(DType.FLOAT32);
			assertThat(properties.device()).isEqualTo("auto");
		});
	}

	@Test
	void bindsADirectoryFloat16AndAGpu() {
		this.runner
			.withPropertyValues("arrakis.models.dir=/models", "arrakis.models.dtype=float16",
					"arrakis.models.device=cuda:1")
			.run((context) -> {
				ModelProperties properties = context.getBean(ModelProperties.class);
				assertThat(properties.directory()).isEqualTo(Path.of("/models"));
				assertThat(properties.loadOptions().dtype()).isEqualTo(DType.FLOAT16);
				assertThat(properties.loadOptions().device()).isEqualTo("cuda:1");
			});
	}

	@Test
	void anUnknownDeviceStopsStartupNamingTheAllowedOnes() {
		this.runner.withPropertyValues("arrakis.models.device=gpu")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("arrakis.models.device")
				.hasMessageContaining("must be auto, cpu or cuda:N"));
	}

	@Test
	void anUnknownDtypeStopsStartup() {
		this.runner.withPropertyValues("arrakis.models.dtype=bfloat16")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("arrakis.models.dtype"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ModelProperties.class)
	static class Config {

	}

}
