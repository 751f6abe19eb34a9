package dev.arrakis.app.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.client.ApiClient;
import dev.arrakis.client.ApiException;
import dev.arrakis.client.api.JobControllerApi;
import dev.arrakis.client.api.ModelControllerApi;
import dev.arrakis.client.api.RunControllerApi;
import dev.arrakis.client.api.TokenizeControllerApi;
import dev.arrakis.client.model.ActivationTensor;
import dev.arrakis.client.model.JobRequest;
import dev.arrakis.client.model.JobView;
import dev.arrakis.client.model.ModelResponse;
import dev.arrakis.client.model.RunRequest;
import dev.arrakis.client.model.RunResponse;
import dev.arrakis.client.model.TokenizeRequest;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client generated from the committed contract ({@code openapi/arrakis.yaml}, by
 * openapi-generator in the build) drives the running server: so the contract is usable as
 * published, not only equal to what the server says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientIT {

	private static final String KEY = "it-admin-key";

	private static final String MODEL = "tiny-induction-2l";

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("generated-client-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> KEY);
	}

	@Test
	void theGeneratedClientListsTokenizesRunsAndSubmitsJobs() throws Exception {
		ApiClient client = client(KEY);

		List<ModelResponse> models = new ModelControllerApi(client).listModels();
		assertThat(models).extracting(ModelResponse::getName).containsExactlyElementsOf(BundledModels.NAMES);

		List<Long> tokens = new TokenizeControllerApi(client).tokenize(MODEL, new TokenizeRequest().text("abcabc"))
			.getTokens();
		assertThat(tokens).hasSize(6);

		RunResponse run = new RunControllerApi(client).runModel(MODEL,
				new RunRequest().tokens(tokens).hooks(List.of("blocks.1.attn.hook_pattern")), null, null);
		ActivationTensor pattern = run.getActivations().get(0);
		try (HookedAutoModel model = HookedAutoModel.load(BundledModels.directory().resolve(MODEL),
				new LoadOptions(DType.FLOAT32, "cpu"));
				RunResult direct = model.runWithCache(
						ModelInput.of(tokens.stream().mapToLong(Long::longValue).toArray()),
						HookFilter.parse("blocks.1.attn.hook_pattern"), null)) {
			HostTensor expected = direct.cache().toHost(HookName.pattern(1), Narrowing.ALL);
			assertThat(pattern.getShape())
				.containsExactly(Arrays.stream(expected.shape()).boxed().toArray(Long[]::new));
			float[] values = new float[pattern.getData().size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = pattern.getData().get(i);
			}
			assertThat(values).containsExactly(expected.data());
		}

		JobControllerApi jobs = new JobControllerApi(client);
		JobView job = jobs.submitJob(new JobRequest().model(MODEL)
			.tool("attention")
			.method("detect_heads")
			.params(Map.of("tokens", tokens, "kind", "induction")));
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (job.getStatus() != JobView.StatusEnum.SUCCEEDED && System.nanoTime() < deadline) {
			Thread.sleep(50);
			job = jobs.getJob(job.getId());
		}
		assertThat(job.getStatus()).isEqualTo(JobView.StatusEnum.SUCCEEDED);
		assertThat(job.getForwardPasses()).isEqualTo(1);

		assertThatThrownBy(() -> new ModelControllerApi(client("ak_not-a-key")).listModels())
			.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(401));
	}

	private ApiClient client(String key) {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://localhost:" + this.port);
		client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + key));
		return client;
	}

}
