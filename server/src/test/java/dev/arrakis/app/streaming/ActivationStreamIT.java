package dev.arrakis.app.streaming;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.app.streaming.StreamClient.Frame;
import dev.arrakis.app.streaming.StreamClient.Received;
import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.generation.GenerationOptions;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The activation stream against the whole server with the bundled models. Every number is
 * compared with the engine's own run of the same tokens on a separately loaded copy of
 * the model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivationStreamIT {

	private static final String MODEL = "tiny-induction-2l";

	private static final long[] PROMPT = bytes("def f(x): return x + 1\ndef f(x): return");

	private static HookedAutoModel reference;

	@LocalServerPort
	private int port;

	@Autowired
	private ActivationStreamHandler handler;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("activation-stream-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
	}

	@BeforeAll
	static void loadReference() throws Exception {
		reference = HookedAutoModel.load(BundledModels.directory().resolve(MODEL),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void closeReference() {
		reference.close();
	}

	@Test
	void sendsOneFramePerHookInHookOrderEqualToTheEngineBitForBit() throws Exception {
		List<String> patterns = List.of("blocks.*.attn.hook_pattern", "blocks.0.hook_resid_post", "logits",
				"hook_embed");
		List<HookName> order = firingOrder(patterns);
		try (StreamClient client = StreamClient.connect(this.port);
				RunResult run = reference.runWithCache(ModelInput.of(PROMPT), HookFilter.parse(patterns), null)) {
			client.send(request(patterns, "float32", null));
			List<Received> messages = client.until("summary", "error");

			List<Frame> frames = frames(messages);
			assertThat(frames).extracting(Frame::name).containsExactlyElementsOf(names(order));
			long bytes = 0;
			for (int i = 0; i < frames.size(); i++) {
				Frame frame = frames.get(i);
				HookName name = order.get(i);
				HostTensor expected = run.cache().toHost(name, Narrowing.ALL);
				assertThat(frame.header().required("index").asLong()).isEqualTo(i);
				assertThat(frame.step()).isZero();
				assertThat(frame.header().required("dtype").asString()).isEqualTo("float32");
				JsonNode layer = frame.header().get("layer");
				if (name.layer() >= 0) {
					assertThat(layer.asInt()).isEqualTo(name.layer());
				}
				else {
					assertThat(layer.isNull()).as(name + " has a null layer").isTrue();
				}
				assertThat(frame.shape()).as(name.toString()).containsExactly(expected.shape());
				assertThat(bits(frame.floats())).as(name.toString()).isEqualTo(bits(expected.data()));
				bytes += frame.size();
			}
			JsonNode summary = messages.get(messages.size() - 1).text();
			assertThat(summary.path("type").asString()).isEqualTo("summary");
			assertThat(summary.path("frames").asLong()).isEqualTo(order.size());
			assertThat(summary.path("bytes").asLong()).isEqualTo(bytes);
			assertThat(longs(summary.path("tokens"))).containsExactly(PROMPT);
			assertThat(summary.has("generated")).isFalse();
		}
	}

	@Test
	void float16FramesHoldTheActivationsRoundedToHalfPrecision() throws Exception {
		List<String> patterns = List.of("blocks.*.hook_resid_post", "blocks.1.attn.hook_pattern");
		List<HookName> order = firingOrder(patterns);
		try (StreamClient client = StreamClient.connect(this.port);
				RunResult run = reference.runWithCache(ModelInput.of(PROMPT), HookFilter.parse(patterns), null)) {
			client.send(request(patterns, "float16", null));
			List<Frame> frames = frames(client.until("summary", "error"));

			assertThat(frames).extracting(Frame::name).containsExactlyElementsOf(names(order));
			for (int i = 0; i < frames.size(); i++) {
				float[] expected = run.cache().toHost(order.get(i), Narrowing.ALL).data();
				float[] halves = frames.get(i).halves();
				assertThat(frames.get(i).header().required("dtype").asString()).isEqualTo("float16");
				assertThat(halves).hasSameSizeAs(expected);
				for (int j = 0; j < expected.length; j++) {
					// Round to nearest: within half a unit in the last of fp16's 11
					// significant bits, or fp16's subnormal step.
					float tolerance = Math.max(Math.abs(expected[j]) * 0x1p-11f, 0x1p-25f);
					assertThat(Math.abs(halves[j] - expected[j])).as("%s[%d]", order.get(i), j)
						.isLessThanOrEqualTo(tolerance);
				}
			}
		}
	}

	@Test
	void generationStreamsThePromptPassThenEachTokenAndItsPassLikeTheEnginesGreedyGenerate() throws Exception {
		int newTokens = 6;
		long[] engine = reference.generate(ModelInput.of(PROMPT), GenerationOptions.greedy(newTokens))[0];
		long[] expectedTokens = Arrays.copyOfRange(engine, PROMPT.length, engine.length);
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(List.of("blocks.1.hook_resid_post"), "float32", newTokens));
			List<Received> messages = client.until("summary", "error");

			List<Long> tokens = new ArrayList<>();
			int step = 0;
			for (Received message : messages.subList(0, messages.size() - 1)) {
				if (message.frame() != null) {
					assertThat(message.frame().step()).isEqualTo(step);
					assertThat(message.frame().shape()).containsExactly(1, step == 0 ? PROMPT.length : 1, 128);
				}
				else {
					assertThat(message.textType()).isEqualTo("token");
					step++;
					assertThat(message.text().path("step").asInt()).isEqualTo(step);
					long token = message.text().path("tokenId").asLong();
					assertThat(message.text().path("text").asString())
						.isEqualTo(reference.tokenizer().decode(new long[] { token }));
					tokens.add(token);
				}
			}
			assertThat(tokens).containsExactly(Arrays.stream(expectedTokens).boxed().toArray(Long[]::new));
			assertThat(frames(messages)).hasSize(1 + expectedTokens.length);
			JsonNode summary = messages.get(messages.size() - 1).text();
			assertThat(longs(summary.path("generated"))).containsExactly(expectedTokens);

			// The last token's pass (through the KV cache) sees the same residual stream
			// as a full pass over the whole sequence, up to float rounding.
			float[] lastStep = frames(messages).get(frames(messages).size() - 1).floats();
			try (RunResult full = reference.runWithCache(ModelInput.of(engine),
					HookFilter.parse("blocks.1.hook_resid_post"), null)) {
				HostTensor whole = full.cache().toHost(HookName.residPost(1), Narrowing.ALL);
				for (int d = 0; d < 128; d++) {
					assertThat(lastStep[d]).isCloseTo(whole.get(0, engine.length - 1, d),
							org.assertj.core.data.Offset.offset(1e-3f));
				}
			}
		}
	}

	@Test
	void cancelStopsTheStreamEarlyAndTheSocketServesTheNextRequest() throws Exception {
		int fullFrames = (1 + 200) * firingOrder(List.of("**")).size();
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(List.of("**"), "float32", 200));
			assertThat(client.next().frame()).isNotNull();
			client.send("{\"type\": \"cancel\"}");
			List<Received> messages = client.until("cancelled", "summary", "error");

			assertThat(messages.get(messages.size() - 1).textType()).isEqualTo("cancelled");
			assertThat(1 + frames(messages).size()).isLessThan(fullFrames);
			await().until(() -> this.handler.runningStreams() == 0);

			client.send(request(List.of("logits"), "float32", null));
			List<Received> next = client.until("summary", "error");
			assertThat(next).allSatisfy((message) -> assertThat(
					message.frame() == null || message.frame().step() == 0 && message.frame().name().equals("logits"))
				.isTrue());
			assertThat(next.get(next.size() - 1).textType()).isEqualTo("summary");
		}
	}

	@Test
	void closingTheSocketStopsTheRun() throws Exception {
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(List.of("**"), "float32", 200));
			assertThat(client.next().frame()).isNotNull();
		}
		await().until(() -> this.handler.runningStreams() == 0);
	}

	@Test
	void badRequestsGetErrorFramesWithTheirProblemTypesAndTheSocketStaysUsable() throws Exception {
		try (StreamClient client = StreamClient.connect(this.port)) {
			JsonNode unknownModel = error(client,
					"{\"model\": \"no-such-model\", \"tokens\": [1, 2], \"hooks\": [\"logits\"]}");
			assertThat(unknownModel.path("type").asString()).isEqualTo("/problems/unknown-model");
			assertThat(unknownModel.path("status").asInt()).isEqualTo(404);

			JsonNode unknownHook = error(client,
					"{\"model\": \"%s\", \"tokens\": [1, 2], \"hooks\": [\"blocks.0.hook_resid_pots\"]}"
						.formatted(MODEL));
			assertThat(unknownHook.path("type").asString()).isEqualTo("/problems/unknown-hook");
			assertThat(unknownHook.path("hook").asString()).isEqualTo("blocks.0.hook_resid_pots");
			assertThat(unknownHook.path("field").asString()).isEqualTo("hooks[0]");
			assertThat(unknownHook.path("suggestions").get(0).asString()).isEqualTo("blocks.0.hook_resid_post");

			JsonNode noLayer = error(client,
					"{\"model\": \"%s\", \"tokens\": [1, 2], \"hooks\": [\"blocks.7.*\"]}".formatted(MODEL));
			assertThat(noLayer.path("type").asString()).isEqualTo("/problems/unknown-hook");

			JsonNode badJson = error(client, "{\"model\": ");
			assertThat(badJson.path("type").asString()).isEqualTo("/problems/invalid-request");
			assertThat(badJson.path("status").asInt()).isEqualTo(400);

			JsonNode outOfVocabulary = error(client,
					"{\"model\": \"%s\", \"tokens\": [1, 256], \"hooks\": [\"logits\"]}".formatted(MODEL));
			assertThat(outOfVocabulary.path("type").asString()).isEqualTo("/problems/invalid-request");
			assertThat(outOfVocabulary.path("field").asString()).isEqualTo("tokens[1]");
			assertThat(outOfVocabulary.path("vocab").asInt()).isEqualTo(256);

			JsonNode unknownField = error(client,
					"{\"model\": \"%s\", \"tokens\": [1], \"hook\": [\"logits\"]}".formatted(MODEL));
			assertThat(unknownField.path("field").asString()).isEqualTo("hook");

			JsonNode badDtype = error(client, request(List.of("logits"), "bfloat16", null));
			assertThat(badDtype.path("field").asString()).isEqualTo("dtype");

			JsonNode tooLong = error(client, request(List.of("logits"), "float32", 1000));
			assertThat(tooLong.path("field").asString()).isEqualTo("generate.maxNewTokens");

			JsonNode both = error(client,
					"{\"model\": \"%s\", \"text\": \"a\", \"tokens\": [1], \"hooks\": [\"logits\"]}".formatted(MODEL));
			assertThat(both.path("type").asString()).isEqualTo("/problems/invalid-request");

			JsonNode unknownType = error(client, "{\"type\": \"pause\"}");
			assertThat(unknownType.path("field").asString()).isEqualTo("type");

			client.send(request(List.of("logits"), "float32", null));
			List<Received> ok = client.until("summary", "error");
			assertThat(ok.get(ok.size() - 1).textType()).isEqualTo("summary");
			assertThat(frames(ok)).hasSize(1);
		}
	}

	@Test
	void textPromptsAreTokenizedByTheModelsTokenizer() throws Exception {
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send("{\"model\": \"%s\", \"text\": \"def f(x):\", \"hooks\": [\"hook_embed\"]}".formatted(MODEL));
			List<Received> messages = client.until("summary", "error");
			JsonNode summary = messages.get(messages.size() - 1).text();
			assertThat(longs(summary.path("tokens"))).containsExactly(reference.tokenizer().encode("def f(x):", null));
		}
	}

	@Test
	void positionsAndHeadsNarrowTheFramesToTheSameSliceOfTheFullActivation() throws Exception {
		List<String> patterns = List.of("blocks.1.attn.hook_pattern", "blocks.0.hook_resid_post");
		List<Integer> positions = List.of(2, 3, 4, 5);
		List<Integer> heads = List.of(3, 1);
		try (StreamClient client = StreamClient.connect(this.port);
				RunResult run = reference.runWithCache(ModelInput.of(PROMPT), HookFilter.parse(patterns), null)) {
			client
				.send(request(patterns, "float32", 2, ", \"positions\": {\"from\": 2, \"to\": 6}, \"heads\": [3, 1]"));
			List<Received> messages = client.until("summary", "error");
			List<Frame> frames = frames(messages);

			assertThat(frames).hasSize(3 * 2);
			for (Frame frame : frames.subList(0, 2)) {
				HookName name = HookName.parse(frame.name(), reference.hookNames());
				HostTensor expected = run.cache().toHost(name, new Narrowing(positions, heads));
				assertThat(frame.shape()).as(frame.name()).containsExactly(expected.shape());
				assertThat(bits(frame.floats())).as(frame.name()).isEqualTo(bits(expected.data()));
			}
			// Generated tokens' passes keep their one position and the chosen heads.
			assertThat(frames.get(4).name()).isEqualTo("blocks.0.hook_resid_post");
			assertThat(frames.get(4).shape()).containsExactly(1, 1, 128);
			assertThat(frames.get(5).name()).isEqualTo("blocks.1.attn.hook_pattern");
			assertThat(frames.get(5).shape()).containsExactly(1, 2, 1, PROMPT.length + 2);
		}
	}

	@Test
	void interventionsChangeTheStreamedActivationsExactlyAsInARun() throws Exception {
		String interventions = "[{\"hook\": \"blocks.0.attn.hook_z\", \"kind\": \"zero\", \"heads\": [0, 2]},"
				+ " {\"hook\": \"blocks.0.hook_resid_post\", \"kind\": \"scale\", \"factor\": 0.5,"
				+ " \"positions\": [-1]}]";
		List<String> hooks = List.of("blocks.1.attn.hook_pattern", "blocks.1.hook_resid_post");
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(hooks, "float32", null,
					", \"positions\": [0, -1], \"heads\": [1], \"interventions\": " + interventions));
			List<Frame> frames = frames(client.until("summary", "error"));
			JsonNode run = rest().post()
				.uri("/api/v1/models/{name}/run", MODEL)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"tokens\": %s, \"hooks\": %s, \"positions\": [0, -1], \"heads\": [1], \"topK\": 0, \"interventions\": %s}"
					.formatted(Arrays.toString(PROMPT), StreamClient.json.writeValueAsString(hooks), interventions))
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(JsonNode.class)
				.getResponseBody();
			JsonNode activations = run.required("activations");
			assertThat(frames).hasSize(2);
			for (int i = 0; i < 2; i++) {
				JsonNode expected = activations.get(i);
				assertThat(frames.get(i).name()).isEqualTo(expected.required("name").asString());
				assertThat(frames.get(i).shape()).containsExactly(longs(expected.required("shape")));
				assertThat(frames.get(i).floats()).containsExactly(floats(expected.required("data")));
			}
			try (RunResult plain = reference.runWithCache(ModelInput.of(PROMPT), HookFilter.parse(hooks), null)) {
				float[] unchanged = plain.cache()
					.toHost(HookName.residPost(1), new Narrowing(List.of(0, PROMPT.length - 1), null))
					.data();
				assertThat(frames.get(1).floats()).as("the interventions changed something").isNotEqualTo(unchanged);
			}
		}
	}

	@Test
	void interventionsWithoutPositionsApplyToEachGeneratedTokensPass() throws Exception {
		int newTokens = 3;
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(List.of("blocks.1.hook_resid_post"), "float32", newTokens,
					", \"interventions\": [{\"hook\": \"blocks.0.hook_attn_out\", \"kind\": \"zero\"}]"));
			List<Received> messages = client.until("summary", "error");
			long[] generated = longs(messages.get(messages.size() - 1).text().path("generated"));
			long[] sequence = new long[PROMPT.length + generated.length];
			System.arraycopy(PROMPT, 0, sequence, 0, PROMPT.length);
			System.arraycopy(generated, 0, sequence, PROMPT.length, generated.length);
			List<Frame> frames = frames(messages);
			float[] lastStep = frames.get(frames.size() - 1).floats();

			// A full pass over the whole sequence with the same zero, at every position.
			Hooks zeroed = Hooks.caching(HookFilter.parse("blocks.1.hook_resid_post"))
				.with(HookName.parse("blocks.0.hook_attn_out", reference.hookNames()),
						(activation, name) -> activation.zerosLike());
			try (ForwardContext context = reference.newContext(zeroed)) {
				reference.forward(ModelInput.of(sequence), context);
				HostTensor whole = context.cache().toHost(HookName.residPost(1), Narrowing.ALL);
				for (int d = 0; d < 128; d++) {
					assertThat(lastStep[d]).isCloseTo(whole.get(0, sequence.length - 1, d),
							org.assertj.core.data.Offset.offset(1e-3f));
				}
			}
		}
	}

	@Test
	void badSelectorsAndInterventionsGetErrorFramesNamingTheField() throws Exception {
		try (StreamClient client = StreamClient.connect(this.port)) {
			JsonNode position = error(client, request(List.of("logits"), "float32", null, ", \"positions\": [1, 99]"));
			assertThat(position.path("type").asString()).isEqualTo("/problems/invalid-request");
			assertThat(position.path("field").asString()).isEqualTo("positions[1]");
			assertThat(position.path("length").asInt()).isEqualTo(PROMPT.length);

			JsonNode range = error(client,
					request(List.of("logits"), "float32", null, ", \"positions\": {\"from\": 5, \"to\": 2}"));
			assertThat(range.path("field").asString()).isEqualTo("positions");

			JsonNode head = error(client, request(List.of("logits"), "float32", null, ", \"heads\": [4]"));
			assertThat(head.path("field").asString()).isEqualTo("heads[0]");
			assertThat(head.path("heads").asInt()).isEqualTo(4);

			JsonNode kind = error(client, request(List.of("logits"), "float32", null,
					", \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", \"kind\": \"nuke\"}]"));
			assertThat(kind.path("field").asString()).isEqualTo("interventions[0].kind");

			JsonNode hook = error(client, request(List.of("logits"), "float32", null,
					", \"interventions\": [{\"hook\": \"blocks.0.hook_resid_pots\", \"kind\": \"zero\"}]"));
			assertThat(hook.path("type").asString()).isEqualTo("/problems/unknown-hook");
			assertThat(hook.path("field").asString()).isEqualTo("interventions[0].hook");

			JsonNode perPosition = error(client,
					request(List.of("logits"), "float32", 2,
							", \"interventions\": [{\"hook\": \"hook_embed\", \"kind\": \"add\", \"value\": %s}]"
								.formatted(StreamClient.json.writeValueAsString(new float[PROMPT.length][128]))));
			assertThat(perPosition.path("field").asString()).isEqualTo("interventions[0].value");

			client.send(request(List.of("logits"), "float32", null));
			List<Received> ok = client.until("summary", "error");
			assertThat(ok.get(ok.size() - 1).textType()).isEqualTo("summary");
		}
	}

	@Test
	void everyStreamedRunIsInTheAuditLog() throws Exception {
		long bytes;
		try (StreamClient client = StreamClient.connect(this.port)) {
			client.send(request(List.of("hook_embed"), "float32", 2));
			bytes = frames(client.until("summary", "error")).stream().mapToLong(Frame::size).sum();
			error(client, request(List.of("logits"), "float32", null, ", \"heads\": [9]"));
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode events = rest().get()
				.uri("/api/v1/audit?user=admin&model={model}&limit=50", MODEL)
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(JsonNode.class)
				.getResponseBody()
				.required("events");
			List<String> streamed = new ArrayList<>();
			for (JsonNode event : events) {
				if (event.path("action").asString().equals("STREAM /ws/v1/activations")) {
					streamed.add(event.path("status").asInt() + " " + event.path("detail").asString());
				}
			}
			assertThat(streamed).contains("400 refused: /problems/invalid-request",
					"200 frames=3 bytes=%d tokens=%d generated=2".formatted(bytes, PROMPT.length));
		});
	}

	private RestTestClient rest() {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer it-admin-key")
			.build();
	}

	private static float[] floats(JsonNode array) {
		float[] values = new float[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i).floatValue();
		}
		return values;
	}

	private static JsonNode error(StreamClient client, String message) throws InterruptedException {
		client.send(message);
		Received reply = client.next();
		assertThat(reply.textType()).as("reply to %s", message).isEqualTo("error");
		return reply.text().required("problem");
	}

	private static String request(List<String> hooks, String dtype, Integer maxNewTokens) {
		return request(hooks, dtype, maxNewTokens, "");
	}

	/** A run request with {@code extra} fields (starting with a comma) at its end. */
	private static String request(List<String> hooks, String dtype, Integer maxNewTokens, String extra) {
		StringBuilder request = new StringBuilder("{\"model\": \"%s\", \"tokens\": %s, \"hooks\": %s, \"dtype\": \"%s\""
			.formatted(MODEL, Arrays.toString(PROMPT), StreamClient.json.writeValueAsString(hooks), dtype));
		if (maxNewTokens != null) {
			request.append(", \"generate\": {\"maxNewTokens\": ").append(maxNewTokens).append('}');
		}
		return request.append(extra).append('}').toString();
	}

	/** The order in which the engine's hooks fire for these patterns. */
	private static List<HookName> firingOrder(List<String> patterns) {
		HookFilter filter = HookFilter.parse(patterns);
		List<HookName> fired = new ArrayList<>();
		Hooks hooks = Hooks.none();
		for (HookName name : reference.hookNames()) {
			if (filter.test(name)) {
				hooks = hooks.with(name, (activation, hookName) -> {
					fired.add(hookName);
					return activation;
				});
			}
		}
		try (RunResult run = reference.runWithHooks(ModelInput.of(PROMPT), hooks)) {
			return fired;
		}
	}

	private static List<String> names(List<HookName> names) {
		return names.stream().map(HookName::toString).toList();
	}

	private static List<Frame> frames(List<Received> messages) {
		return messages.stream().map(Received::frame).filter((frame) -> frame != null).toList();
	}

	private static int[] bits(float[] values) {
		int[] bits = new int[values.length];
		for (int i = 0; i < values.length; i++) {
			bits[i] = Float.floatToRawIntBits(values[i]);
		}
		return bits;
	}

	private static long[] longs(JsonNode array) {
		long[] values = new long[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i).asLong();
		}
		return values;
	}

	private static long[] bytes(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		long[] tokens = new long[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			tokens[i] = bytes[i] & 0xff;
		}
		return tokens;
	}

}
