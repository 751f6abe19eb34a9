package dev.arrakis.app.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.arrakis.app.models.BundledModels;
import dev.arrakis.app.models.ItDirectories;
import dev.arrakis.engine.DType;
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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code /run}, {@code /tokenize} and {@code /detokenize} on the whole server with the
 * bundled models, checked against the engine itself: the same model loaded separately in
 * the test, run directly on the same tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunApiIT {

	private static final String MODEL = "tiny-induction-2l";

	private static final String RUN = "/api/v1/models/" + MODEL + "/run";

	/** "Hello Hello " as bytes: a repeat, so the induction heads have work. */
	private static final long[] TOKENS = { 72, 101, 108, 108, 111, 32, 72, 101, 108, 108, 111, 32 };

	private static HookedAutoModel engine;

	@LocalServerPort
	private int port;

	private RunClient client;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "");
		registry.add("arrakis.db.data-dir", () -> ItDirectories.fresh("run-api-postgres").toString());
		registry.add("arrakis.models.dir", () -> BundledModels.directory().toString());
		registry.add("arrakis.security.bootstrap-admin-key", () -> "it-admin-key");
		registry.add("arrakis.run.max-new-tokens", () -> "64");
	}

	@BeforeAll
	static void loadEngine() throws IOException {
		engine = HookedAutoModel.load(BundledModels.directory().resolve(MODEL), new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void closeEngine() {
		engine.close();
	}

	@BeforeEach
	void connect() {
		this.client = new RunClient(this.port);
	}

	private static String tokens(long[] tokens) {
		return Arrays.toString(tokens);
	}

	@Test
	void activationsEqualTheEnginesCacheBitForBit() {
		RunResponse response = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.*.attn.hook_pattern", "blocks.0.hook_resid_post", "hook_embed"]}
				""".formatted(tokens(TOKENS)));

		try (RunResult direct = engine.runWithCache(ModelInput.of(TOKENS),
				HookFilter.parse("blocks.*.attn.hook_pattern,blocks.0.hook_resid_post,hook_embed"), null)) {
			assertThat(response.activations()).extracting(ActivationTensor::name)
				.containsExactly("hook_embed", "blocks.0.attn.hook_pattern", "blocks.0.hook_resid_post",
						"blocks.1.attn.hook_pattern");
			for (ActivationTensor activation : response.activations()) {
				HostTensor expected = direct.cache()
					.toHost(HookName.tryParse(activation.name()).orElseThrow(), Narrowing.ALL);
				assertThat(activation.dtype()).isEqualTo("float32");
				assertThat(activation.shape()).as(activation.name()).containsExactly(expected.shape());
				assertThat(Arrays.equals(activation.data(), expected.data())).as(activation.name()).isTrue();
			}
		}
		assertThat(response.tokens()).isEqualTo(new long[][] { TOKENS });
		assertThat(response.tokenStrings().get(0))
			.containsExactlyElementsOf(List.of(engine.tokenizer().tokenStrings(TOKENS)));
		assertThat(response.activations().get(1).shape()).containsExactly(1, 4, TOKENS.length, TOKENS.length);
	}

	@Test
	void predictionsAreTheSoftmaxOfTheEnginesLogits() {
		RunResponse response = this.client.run(MODEL, """
				{"tokens": %s, "topK": 3}""".formatted(tokens(TOKENS)));

		float[] logits = directLogits(TOKENS);
		int vocab = engine.config().dVocab();
		assertThat(response.predictions()).hasSize(1);
		assertThat(response.predictions().get(0)).hasSize(TOKENS.length);
		for (int p = 0; p < TOKENS.length; p++) {
			float[] row = Arrays.copyOfRange(logits, p * vocab, (p + 1) * vocab);
			double max = Double.NEGATIVE_INFINITY;
			for (float l : row) {
				max = Math.max(max, l);
			}
			double sum = 0;
			for (float l : row) {
				sum += Math.exp(l - max);
			}
			Integer[] order = LongStream.range(0, vocab).mapToObj(v -> (int) v).toArray(Integer[]::new);
			Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
			Prediction prediction = response.predictions().get(0).get(p);
			assertThat(prediction.position()).isEqualTo(p);
			assertThat(prediction.tokens()).containsExactly(order[0], order[1], order[2]);
			for (int i = 0; i < 3; i++) {
				assertThat(prediction.probabilities()[i]).isCloseTo(Math.exp(row[order[i]] - max) / sum, within(1e-12));
			}
			assertThat(prediction.strings()).containsExactly(engine.tokenizer().tokenStrings(prediction.tokens()));
		}
	}

	@Test
	void positionAndHeadSelectorsSliceExactly() {
		RunResponse response = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.1.attn.hook_pattern", "blocks.1.attn.hook_z"],
				 "positions": [-1, 2], "heads": [3, 1], "topK": 1}""".formatted(tokens(TOKENS)));
		RunResponse range = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.0.hook_resid_post"], "positions": {"from": 2, "to": -6}, "topK": 0}"""
			.formatted(tokens(TOKENS)));

		int last = TOKENS.length - 1;
		try (RunResult direct = engine.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
			HostTensor pattern = direct.cache().toHost(HookName.pattern(1), Narrowing.ALL);
			ActivationTensor narrowed = response.activations().get(0);
			assertThat(narrowed.shape()).containsExactly(1, 2, 2, TOKENS.length);
			int[] heads = { 3, 1 };
			int[] positions = { last, 2 };
			HostTensor got = new HostTensor(narrowed.shape(), narrowed.data());
			for (int h = 0; h < 2; h++) {
				for (int q = 0; q < 2; q++) {
					for (int k = 0; k < TOKENS.length; k++) {
						assertThat(got.get(0, h, q, k)).isEqualTo(pattern.get(0, heads[h], positions[q], k));
					}
				}
			}
			HostTensor z = direct.cache()
				.toHost(HookName.tryParse("blocks.1.attn.hook_z").orElseThrow(),
						new Narrowing(List.of(last, 2), List.of(3, 1)));
			assertThat(response.activations().get(1).shape()).containsExactly(z.shape());
			assertThat(response.activations().get(1).data()).isEqualTo(z.data());
			assertThat(response.predictions().get(0)).extracting(Prediction::position).containsExactly(last, 2);

			HostTensor resid = direct.cache().toHost(HookName.residPost(0), new Narrowing(List.of(2, 3, 4, 5), null));
			assertThat(range.activations().get(0).shape()).containsExactly(resid.shape());
			assertThat(range.activations().get(0).data()).isEqualTo(resid.data());
			assertThat(range.predictions()).isEmpty();
		}
	}

	@Test
	void zeroingAHookEqualsTheEngineWithTheSameHookAndScalingByOneChangesNothing() {
		RunResponse zeroed = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.1.hook_resid_post"], "includeLogits": true, "topK": 0,
				 "interventions": [{"hook": "blocks.0.hook_resid_post", "kind": "zero"}]}""".formatted(tokens(TOKENS)));
		RunResponse scaled = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.1.hook_resid_post"], "includeLogits": true, "topK": 0,
				 "interventions": [{"hook": "blocks.0.hook_resid_post", "kind": "scale", "factor": 1}]}"""
			.formatted(tokens(TOKENS)));

		Hooks zero = Hooks.caching(HookFilter.parse("blocks.1.hook_resid_post"))
			.with(HookName.residPost(0), (activation, name) -> activation.zerosLike());
		try (RunResult direct = engine.runWithHooks(ModelInput.of(TOKENS), zero)) {
			assertThat(zeroed.logits().data()).isEqualTo(direct.output().toFloatArray());
			assertThat(zeroed.activations().get(0).data())
				.isEqualTo(direct.cache().toHost(HookName.residPost(1), Narrowing.ALL).data());
		}
		try (RunResult clean = engine.runWithCache(ModelInput.of(TOKENS), HookFilter.parse("blocks.1.hook_resid_post"),
				null)) {
			assertThat(scaled.logits().data()).isEqualTo(clean.output().toFloatArray());
			assertThat(scaled.activations().get(0).data())
				.isEqualTo(clean.cache().toHost(HookName.residPost(1), Narrowing.ALL).data());
			assertThat(zeroed.logits().data()).isNotEqualTo(clean.output().toFloatArray());
		}
	}

	@Test
	void addAndReplaceChangeOnlyTheSelectedPositionsAndHeads() {
		int dModel = engine.config().dModel();
		float[] vector = new float[dModel];
		for (int i = 0; i < dModel; i++) {
			vector[i] = (i % 7) * 0.25f - 0.5f;
		}
		RunResponse added = this.client.run(MODEL,
				"""
						{"tokens": %s, "hooks": ["blocks.0.hook_resid_post"], "topK": 0,
						 "interventions": [{"hook": "blocks.0.hook_resid_post", "kind": "add", "value": %s, "positions": [3]}]}"""
					.formatted(tokens(TOKENS), Arrays.toString(vector)));
		RunResponse replaced = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.1.attn.hook_pattern"], "topK": 0,
				 "interventions": [{"hook": "blocks.1.attn.hook_pattern", "kind": "replace", "value": 0.125,
				                    "heads": [2], "positions": {"from": 4}}]}""".formatted(tokens(TOKENS)));

		try (RunResult clean = engine.runWithCache(ModelInput.of(TOKENS), HookFilter.all(), null)) {
			HostTensor resid = clean.cache().toHost(HookName.residPost(0), Narrowing.ALL);
			HostTensor got = new HostTensor(added.activations().get(0).shape(), added.activations().get(0).data());
			for (int p = 0; p < TOKENS.length; p++) {
				for (int d = 0; d < dModel; d++) {
					float expected = p == 3 ? resid.get(0, p, d) + vector[d] : resid.get(0, p, d);
					assertThat(got.get(0, p, d)).as("position %d, d %d", p, d).isEqualTo(expected);
				}
			}
			HostTensor pattern = clean.cache().toHost(HookName.pattern(1), Narrowing.ALL);
			HostTensor changed = new HostTensor(replaced.activations().get(0).shape(),
					replaced.activations().get(0).data());
			for (int h = 0; h < 4; h++) {
				for (int q = 0; q < TOKENS.length; q++) {
					for (int k = 0; k < TOKENS.length; k++) {
						float expected = h == 2 && q >= 4 ? 0.125f : pattern.get(0, h, q, k);
						assertThat(changed.get(0, h, q, k)).isEqualTo(expected);
					}
				}
			}
		}
	}

	@Test
	void meanAblationReplacesEveryPositionByTheMeanOverPositions() {
		RunResponse ablated = this.client.run(MODEL, """
				{"tokens": %s, "hooks": ["blocks.0.hook_mlp_out"], "topK": 0,
				 "interventions": [{"hook": "blocks.0.hook_mlp_out", "kind": "mean_ablate"}]}"""
			.formatted(tokens(TOKENS)));

		try (RunResult clean = engine.runWithCache(ModelInput.of(TOKENS), HookFilter.parse("blocks.0.hook_mlp_out"),
				null)) {
			HostTensor mlp = clean.cache()
				.toHost(HookName.tryParse("blocks.0.hook_mlp_out").orElseThrow(), Narrowing.ALL);
			HostTensor got = new HostTensor(ablated.activations().get(0).shape(), ablated.activations().get(0).data());
			for (int d = 0; d < engine.config().dModel(); d++) {
				double mean = 0;
				for (int p = 0; p < TOKENS.length; p++) {
					mean += mlp.get(0, p, d);
				}
				mean /= TOKENS.length;
				for (int p = 0; p < TOKENS.length; p++) {
					assertThat(got.get(0, p, d)).isCloseTo((float) mean, within(1e-5f));
					assertThat(got.get(0, p, d)).isEqualTo(got.get(0, 0, d));
				}
			}
		}
	}

	@Test
	void generationEqualsTheEnginesGreedyGenerate() {
		RunResponse response = this.client.run(MODEL, """
				{"text": "abcabcab", "generate": {"maxNewTokens": 12}, "topK": 0}""");

		long[] prompt = engine.tokenizer().encode("abcabcab", null);
		long[][] direct = engine.generate(ModelInput.of(prompt), GenerationOptions.greedy(12));
		long[] expected = Arrays.copyOfRange(direct[0], prompt.length, direct[0].length);
		assertThat(response.tokens()[0]).containsExactly(prompt);
		assertThat(response.generated().tokens()[0]).containsExactly(expected);
		assertThat(response.generated().texts()).containsExactly(engine.tokenizer().decode(expected));
	}

	@Test
	void interventionsSteerGenerationAsRunningTheGrowingSequenceWithThem() {
		String zeroInduction = "[{\"hook\": \"blocks.1.hook_attn_out\", \"kind\": \"zero\"}]";
		long[] other = { 120, 121, 122, 120, 121, 122, 120, 121, 122, 120, 121, 122 };
		RunResponse steered = this.client.run(MODEL, """
				{"batch": [%s, %s], "generate": {"maxNewTokens": 8}, "topK": 0, "interventions": %s}"""
			.formatted(tokens(TOKENS), tokens(other), zeroInduction));
		RunResponse plain = this.client.run(MODEL, """
				{"batch": [%s, %s], "generate": {"maxNewTokens": 8}, "topK": 0}""".formatted(tokens(TOKENS),
				tokens(other)));

		assertThat(steered.generated().tokens()[0]).isEqualTo(steeredReference(TOKENS, 8, zeroInduction));
		assertThat(steered.generated().tokens()[1]).isEqualTo(steeredReference(other, 8, zeroInduction));
		assertThat(steered.generated().tokens()[0]).as("the intervention changes the tokens")
			.isNotEqualTo(plain.generated().tokens()[0]);
	}

	@Test
	void sampledGenerationIsSteeredAsTheEngineWithTheSameHook() {
		RunResponse steered = this.client.run(MODEL, """
				{"tokens": %s, "topK": 0, "generate": {"maxNewTokens": 10, "temperature": 0.7, "topK": 8, "seed": 3},
				 "interventions": [{"hook": "blocks.1.hook_attn_out", "kind": "scale", "factor": 0}]}"""
			.formatted(tokens(TOKENS)));

		Hooks zeroed = Hooks.none()
			.with(HookName.parse("blocks.1.hook_attn_out", engine.hookNames()),
					(activation, name) -> activation.mul(0));
		long[] direct = engine.generate(ModelInput.of(TOKENS), GenerationOptions.sampled(10, 0.7, 8, 1, 3), zeroed,
				zeroed)[0];
		assertThat(steered.generated().tokens()[0])
			.containsExactly(Arrays.copyOfRange(direct, TOKENS.length, direct.length));
	}

	@Test
	void interventionsLimitedToPositionsApplyToTheInputPassOnly() {
		RunResponse steered = this.client.run(MODEL, """
				{"tokens": %s, "topK": 0, "generate": {"maxNewTokens": 8},
				 "interventions": [{"hook": "blocks.1.hook_attn_out", "kind": "zero", "positions": [-1]}]}"""
			.formatted(tokens(TOKENS)));

		Hooks lastZeroed = Hooks.none()
			.with(HookName.parse("blocks.1.hook_attn_out", engine.hookNames()), (activation, name) -> {
				NDArray copy = activation.duplicate();
				copy.set(new NDIndex(":, -1, :"), 0);
				return copy;
			});
		long[] direct = engine.generate(ModelInput.of(TOKENS), GenerationOptions.greedy(8), lastZeroed,
				Hooks.none())[0];
		assertThat(steered.generated().tokens()[0])
			.containsExactly(Arrays.copyOfRange(direct, TOKENS.length, direct.length));
	}

	@Test
	void anInterventionValueMustFitOneGeneratedPosition() {
		String row = Arrays.toString(new float[engine.config().dModel()]);
		String perPosition = "[" + String.join(", ", Collections.nCopies(3, row)) + "]";
		String body = """
				{"tokens": [1, 2, 3], "interventions": [{"hook": "blocks.0.hook_resid_post", "kind": "add",
				 "value": %s}]%%s}""".formatted(perPosition);

		this.client.run(MODEL, body.formatted(""));
		field(problem(body.formatted(", \"generate\": {\"maxNewTokens\": 2}")), "interventions[0].value", "[3, 128]",
				"[1, 1, 128]");
	}

	/**
	 * The exact reference through the public API: {@code /run} without {@code generate},
	 * with the same interventions, on the sequence so far; the most likely next token at
	 * the last position is the next token.
	 */
	private long[] steeredReference(long[] start, int count, String interventions) {
		long[] sequence = start;
		for (int i = 0; i < count; i++) {
			RunResponse next = this.client.run(MODEL, """
					{"tokens": %s, "positions": [-1], "topK": 1, "interventions": %s}""".formatted(tokens(sequence),
					interventions));
			sequence = Arrays.copyOf(sequence, sequence.length + 1);
			sequence[sequence.length - 1] = next.predictions().get(0).get(0).tokens()[0];
		}
		return Arrays.copyOfRange(sequence, start.length, sequence.length);
	}

	@Test
	void batchesRunEveryRow() {
		long[] other = { 97, 98, 99, 97, 98, 99, 97, 98, 99, 97, 98, 99 };
		RunResponse response = this.client.run(MODEL, """
				{"batch": [%s, %s], "hooks": ["blocks.0.hook_resid_pre"], "topK": 1}""".formatted(tokens(TOKENS),
				tokens(other)));

		try (RunResult direct = engine.runWithCache(ModelInput.of(TOKENS, other),
				HookFilter.parse("blocks.0.hook_resid_pre"), null)) {
			assertThat(response.activations().get(0).data())
				.isEqualTo(direct.cache().toHost(HookName.residPre(0), Narrowing.ALL).data());
		}
		assertThat(response.predictions()).hasSize(2);
	}

	@Test
	void tokenizeAndDetokenizeRoundTrip() {
		String text = "def f(x): return x";
		RunClient.Answer tokenized = this.client.post("/api/v1/models/" + MODEL + "/tokenize",
				"{\"text\": \"%s\"}".formatted(text));
		assertThat(tokenized.status().value()).isEqualTo(200);
		TokenizeResponse tokens = RunClient.json.readValue(tokenized.body(), TokenizeResponse.class);
		assertThat(tokens.tokens()).containsExactly(engine.tokenizer().encode(text, null));
		assertThat(tokens.strings()).containsExactly(engine.tokenizer().tokenStrings(tokens.tokens()));

		RunClient.Answer detokenized = this.client.post("/api/v1/models/" + MODEL + "/detokenize",
				"{\"tokens\": %s}".formatted(tokens(tokens.tokens())));
		assertThat(detokenized.status().value()).isEqualTo(200);
		DetokenizeResponse back = RunClient.json.readValue(detokenized.body(), DetokenizeResponse.class);
		assertThat(back.text()).isEqualTo(text);
		assertThat(back.strings()).isEqualTo(tokens.strings());
	}

	@Test
	void aSafetensorsBodyHoldsExactlyWhatTheJsonDoes() {
		String request = """
				{"tokens": %s, "hooks": ["blocks.*.attn.hook_pattern", "blocks.1.hook_resid_post"],
				 "positions": [0, -1], "includeLogits": true}""".formatted(tokens(TOKENS));
		RunResponse json = this.client.run(MODEL, request);
		RunClient.Answer byAccept = this.client.post(RUN, request,
				MediaType.parseMediaType("application/vnd.arrakis.safetensors"));
		RunClient.Answer byParameter = this.client.post(RUN + "?format=safetensors", request);

		assertThat(byAccept.status().value()).as(byAccept.text()).isEqualTo(200);
		assertThat(byAccept.headers().getContentType().toString()).isEqualTo("application/vnd.arrakis.safetensors");
		assertThat(byParameter.body()).isEqualTo(byAccept.body());
		Safetensors file = Safetensors.parse(byAccept.body());
		assertThat(file.header().path("__metadata__").path("model").asString()).isEqualTo(MODEL);
		assertThat(file.header().path("__metadata__").path("tokens").asString())
			.isEqualTo("[" + tokens(TOKENS).replace(" ", "") + "]");
		List<ActivationTensor> expected = new java.util.ArrayList<>(json.activations());
		expected.add(json.logits());
		assertThat(file.names()).containsExactlyElementsOf(expected.stream().map(ActivationTensor::name).toList());
		for (ActivationTensor tensor : expected) {
			assertThat(file.dtype(tensor.name())).isEqualTo("F32");
			assertThat(file.shape(tensor.name())).as(tensor.name()).containsExactly(tensor.shape());
			assertThat(Arrays.equals(file.floats(tensor.name()), tensor.data())).as(tensor.name()).isTrue();
		}
	}

	@Test
	void float16BodiesHoldTheValuesRoundedToHalfPrecision() {
		String request = """
				{"tokens": %s, "hooks": ["blocks.0.hook_resid_post"], "topK": 0, "dtype": "float16"}"""
			.formatted(tokens(TOKENS));
		RunClient.Answer answer = this.client.post(RUN + "?format=safetensors", request);
		RunResponse json = this.client.run(MODEL, request);

		Safetensors file = Safetensors.parse(answer.body());
		assertThat(file.dtype("blocks.0.hook_resid_post")).isEqualTo("F16");
		try (RunResult clean = engine.runWithCache(ModelInput.of(TOKENS), HookFilter.parse("blocks.0.hook_resid_post"),
				null)) {
			NDArray resid = clean.cache().get(HookName.residPost(0));
			ByteBuffer half = resid.toType(ai.djl.ndarray.types.DataType.FLOAT16, false)
				.toByteBuffer()
				.order(ByteOrder.LITTLE_ENDIAN);
			byte[] expected = new byte[half.remaining()];
			half.get(expected);
			assertThat(file.raw("blocks.0.hook_resid_post")).isEqualTo(expected);
			assertThat(resid.getShape()).isEqualTo(new Shape(file.shape("blocks.0.hook_resid_post")));
			float[] widened = resid.toType(ai.djl.ndarray.types.DataType.FLOAT16, false)
				.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
				.toFloatArray();
			assertThat(json.activations().get(0).dtype()).isEqualTo("float16");
			assertThat(json.activations().get(0).data()).isEqualTo(widened);
		}
	}

	@Test
	void badInputIsAProblemNamingTheField() {
		String tooLong = tokens(LongStream.range(0, engine.config().nCtx() + 1).map(i -> i % 200).toArray());
		field(problem("{\"tokens\": [1, 300, 2]}"), "tokens[1]", "300", "[0, 256)");
		field(problem("{\"batch\": [[1, 2], [3, 256]]}"), "batch[1][1]", "256");
		field(problem("{\"tokens\": " + tooLong + "}"), "tokens", "257", "256");
		field(problem("{}"), "text", "one of text, texts, tokens or batch");
		field(problem("{\"tokens\": []}"), "tokens", "empty");
		field(problem("{\"text\": \"\"}"), "text", "empty");
		field(problem("{\"text\": \"ab\", \"tokens\": [1]}"), "tokens", "text and tokens");
		field(problem("{\"batch\": [[1, 2, 3], [4, 5]]}"), "batch", "[3, 2]");
		field(problem("{\"texts\": [\"abc\", \"de\"]}"), "texts", "[3, 2]");
		field(problem("{\"tokens\": [1, 2, 3], \"positions\": [3]}"), "positions[0]", "position 3", "length 3");
		field(problem("{\"tokens\": [1, 2, 3], \"positions\": [-4]}"), "positions[0]", "-4");
		field(problem("{\"tokens\": [1, 2, 3], \"positions\": {\"from\": 2, \"to\": 1}}"), "positions", "from");
		field(problem("{\"tokens\": [1, 2, 3], \"positions\": \"all\"}"), "positions", "list of positions");
		field(problem("{\"tokens\": [1, 2, 3], \"heads\": [4]}"), "heads[0]", "4 heads");
		field(problem("{\"tokens\": [1, 2, 3], \"heads\": [-1]}"), "heads[0]", "0..3");
		field(problem("{\"tokens\": [1, 2, 3], \"stopAtLayer\": 1, \"hooks\": [\"blocks.1.hook_resid_pre\"]}"), "hooks",
				"not reached");
		field(problem("{\"tokens\": [1, 2, 3], \"stopAtLayer\": 3}"), "stopAtLayer", "[0, 2]");
		field(problem("{\"tokens\": [1, 2, 3], \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", "
				+ "\"kind\": \"double\"}]}"), "interventions[0].kind", "replace, add, scale, zero, mean_ablate");
		field(problem("{\"tokens\": [1, 2, 3], \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", "
				+ "\"kind\": \"add\", \"value\": [1, 2, 3]}]}"), "interventions[0].value", "[3]", "[128]");
		field(problem("{\"tokens\": [1, 2, 3], \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", "
				+ "\"kind\": \"replace\"}]}"), "interventions[0].value", "required");
		field(problem("{\"tokens\": [1, 2, 3], \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", "
				+ "\"kind\": \"scale\"}]}"), "interventions[0].factor", "factor");
		field(problem("{\"tokens\": [1, 2, 3], \"interventions\": [{\"hook\": \"blocks.0.hook_resid_post\", "
				+ "\"kind\": \"zero\", \"heads\": [0]}]}"), "interventions[0].heads", "no head axis");
		field(problem("{\"tokens\": [1, 2, 3], \"generate\": {\"maxNewTokens\": 0}}"), "generate.maxNewTokens",
				"[1, 64]");
		field(problem("{\"tokens\": [1, 2, 3], \"generate\": {\"maxNewTokens\": 65}}"), "generate.maxNewTokens",
				"[1, 64]");
		field(problem("{\"tokens\": [1, 2, 3], \"dtype\": \"float64\"}"), "dtype", "float32 or float16");
		field(problem("{\"tokens\": [1, 2, 3], \"topK\": -1}"), "topK", "");
	}

	@Test
	void unknownHooksSuggestTheClosestNames() {
		JsonNode misspelt = this.client.problem(RUN, "{\"tokens\": [1, 2], \"hooks\": [\"blocks.0.hook_resid_pots\"]}",
				400, "unknown-hook");
		assertThat(misspelt.path("field").asString()).isEqualTo("hooks[0]");
		assertThat(misspelt.path("suggestions").get(0).asString()).isEqualTo("blocks.0.hook_resid_post");
		assertThat(misspelt.path("detail").asString()).contains("did you mean blocks.0.hook_resid_post");

		JsonNode nothing = this.client.problem(RUN,
				"{\"tokens\": [1, 2], \"hooks\": [\"hook_embed\", \"blocks.*.attn.hook_nothing\"]}", 400,
				"unknown-hook");
		assertThat(nothing.path("field").asString()).isEqualTo("hooks[1]");
		assertThat(nothing.path("detail").asString()).contains("matches no hook");

		JsonNode layer = this.client.problem(RUN, "{\"tokens\": [1, 2], \"hooks\": [\"blocks.7.hook_resid_post\"]}",
				400, "unknown-hook");
		assertThat(layer.path("suggestions").get(0).asString()).isEqualTo("blocks.0.hook_resid_post");

		JsonNode intervention = this.client.problem(RUN, """
				{"tokens": [1, 2], "interventions": [{"hook": "blocks.0.hook_resid_pos", "kind": "zero"}]}""", 400,
				"unknown-hook");
		assertThat(intervention.path("field").asString()).isEqualTo("interventions[0].hook");
	}

	@Test
	void malformedBodiesUnknownModelsAndFormatsAreProblems() {
		this.client.problem(RUN, "{\"tokens\": [1, 2", 400, "invalid-request");
		this.client.problem(RUN, "{\"tokens\": \"abc\"}", 400, "invalid-request");
		this.client.problem("/api/v1/models/no-such-model/run", "{\"tokens\": [1]}", 404, "unknown-model");
		this.client.problem("/api/v1/models/no-such-model/tokenize", "{\"text\": \"a\"}", 404, "unknown-model");
		field(this.client.problem(RUN + "?format=npy", "{\"tokens\": [1]}", 400, "invalid-request"), "format",
				"json or safetensors");
		field(this.client.problem("/api/v1/models/" + MODEL + "/detokenize", "{\"tokens\": [1, 256]}", 400,
				"invalid-request"), "tokens[1]", "[0, 256)");
		field(this.client.problem("/api/v1/models/" + MODEL + "/tokenize", "{}", 400, "invalid-request"), "text", "");

		RunClient.Answer binary = this.client.post(RUN, "{\"tokens\": [1, 999]}",
				MediaType.parseMediaType("application/vnd.arrakis.safetensors"));
		assertThat(binary.status().value()).isEqualTo(400);
		assertThat(binary.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private JsonNode problem(String body) {
		return this.client.problem(RUN, body, 400, "invalid-request");
	}

	private static void field(JsonNode problem, String field, String... detailParts) {
		assertThat(problem.path("field").asString()).as(problem.toString()).isEqualTo(field);
		for (String part : detailParts) {
			assertThat(problem.path("detail").asString()).as(problem.toString()).contains(part);
		}
	}

	private static float[] directLogits(long[] tokens) {
		try (RunResult direct = engine.runWithCache(ModelInput.of(tokens), HookFilter.none(), null)) {
			return direct.output().toFloatArray();
		}
	}

}
