package dev.arrakis.bench.profile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.config.Residual;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The profiler on real models: component names per granularity and residual layout,
 * shares and times that add up, activation bytes equal to an independent count from a
 * full activation cache, logits bit-identical to a plain forward on every architecture,
 * peak resident memory, JSON and bad input.
 */
class ModelProfilerTest {

	private static final List<String> LAYER_NAMES = List.of("embed", "blocks.0", "blocks.1", "unembed");

	private static final List<String> COMPONENT_NAMES = List.of("embed", "blocks.0.resid", "blocks.0.ln1",
			"blocks.0.attn", "blocks.0.ln2", "blocks.0.mlp", "blocks.1.resid", "blocks.1.ln1", "blocks.1.attn",
			"blocks.1.ln2", "blocks.1.mlp", "ln_final", "unembed");

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "llama", "gpt_neox" })
	void componentsAreNamedByGranularityAndTheirSharesAddUp(String architecture)
			throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference(architecture)) {
			assertThat(model.config().nLayers()).isEqualTo(2);
			Residual expected = architecture.equals("gpt_neox") ? Residual.PARALLEL : Residual.SEQUENTIAL;
			assertThat(model.config().residual()).isEqualTo(expected);
			ModelProfiler profiler = new ModelProfiler();

			Profile byLayer = profiler.profile(model, ProfileModels.TOKENS, Granularity.LAYER);
			Profile byComponent = profiler.profile(model, ProfileModels.TOKENS, Granularity.COMPONENT);

			assertThat(names(byLayer)).containsExactlyElementsOf(LAYER_NAMES);
			assertThat(names(byComponent)).containsExactlyElementsOf(COMPONENT_NAMES);
			for (Profile profile : List.of(byLayer, byComponent)) {
				assertThat(profile.tokens()).isEqualTo(ProfileModels.TOKENS.length);
				assertThat(profile.device()).isEqualTo("cpu");
				assertThat(profile.modelName()).isEqualTo(architecture);
				assertAddsUp(profile);
			}
		}
	}

	@Test
	void layerTotalsAreTheSumsOfTheirComponents() throws IOException {
		try (HookedAutoModel model = ProfileModels.induction()) {
			Profile byComponent = new ModelProfiler().profile(model, TestSequences.repeatedRandom(40, 7),
					Granularity.COMPONENT);
			Profile byLayer = new ModelProfiler().profile(model, TestSequences.repeatedRandom(40, 7),
					Granularity.LAYER);
			Map<String, Long> bytesByLayer = new HashMap<>();
			Map<String, Long> flopsByLayer = new HashMap<>();
			for (ComponentProfile component : byComponent.components()) {
				String layer = component.name().startsWith("blocks.")
						? component.name().substring(0, component.name().lastIndexOf('.'))
						: component.name().equals("ln_final") ? "unembed" : component.name();
				bytesByLayer.merge(layer, component.activationBytes(), Long::sum);
				flopsByLayer.merge(layer, component.flops(), Long::sum);
			}
			for (ComponentProfile layer : byLayer.components()) {
				assertThat(layer.activationBytes()).as(layer.name()).isEqualTo(bytesByLayer.get(layer.name()));
				assertThat(layer.flops()).as(layer.name()).isEqualTo(flopsByLayer.get(layer.name()));
			}
			assertThat(byLayer.totals().activationBytes()).isEqualTo(byComponent.totals().activationBytes());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "llama", "gpt_neox", "gemma", "phi3" })
	void activationBytesMatchAFullCacheLessTheUnobservedHooks(String architecture)
			throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference(architecture)) {
			Profile profile = new ModelProfiler().profile(model, ProfileModels.TOKENS, Granularity.COMPONENT);

			boolean layerNorm = model.config().norm() == Norm.LAYER_NORM;
			Set<String> unobserved = layerNorm
					? Set.of("attn.hook_result", "ln1.hook_scale", "ln2.hook_scale", "ln_final.hook_scale")
					: Set.of("attn.hook_result");
			assertThat(profile.unobservedHookPoints()).containsExactlyInAnyOrderElementsOf(unobserved);
			Map<String, Long> expected = new HashMap<>();
			try (RunResult run = model.runWithCache(ModelInput.of(ProfileModels.TOKENS), HookFilter.all(), null)) {
				for (HookName name : run.cache().names()) {
					String text = name.toString();
					String point = text.startsWith("blocks.") ? text.substring(text.indexOf('.', 7) + 1) : text;
					if (unobserved.contains(point)) {
						continue;
					}
					NDArray activation = run.cache().get(name);
					assertThat(activation.getDataType()).isEqualTo(DataType.FLOAT32);
					expected.merge(componentByPrefix(text), activation.getShape().size() * 4, Long::sum);
				}
			}
			for (ComponentProfile component : profile.components()) {
				assertThat(component.activationBytes()).as(component.name()).isEqualTo(expected.get(component.name()));
			}
			assertThat(profile.totals().activationBytes())
				.isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
		}
	}

	/**
	 * The test's own grouping, from the hook name's text: the residual hooks of a block
	 * go to resid, hook_attn_out to attn, hook_mlp_out to mlp, the rest by prefix.
	 */
	private static String componentByPrefix(String hook) {
		if (hook.equals("hook_embed") || hook.equals("hook_pos_embed")) {
			return "embed";
		}
		if (hook.startsWith("ln_final.")) {
			return "ln_final";
		}
		if (hook.equals("logits")) {
			return "unembed";
		}
		String block = hook.substring(0, hook.indexOf('.', 7));
		String rest = hook.substring(block.length() + 1);
		if (rest.startsWith("hook_resid_")) {
			return block + ".resid";
		}
		if (rest.equals("hook_attn_out")) {
			return block + ".attn";
		}
		if (rest.equals("hook_mlp_out")) {
			return block + ".mlp";
		}
		return block + "." + rest.substring(0, rest.indexOf('.'));
	}

	/**
	 * With a clock whose k-th reading is k^2, the k-th hook firing (k = 1, 2, ...) is 2k
	 * - 1 ns after the one before (the first after the start, reading 0): each
	 * component's time must be the sum of 2k - 1 over the firings of its own hooks, in
	 * the model's hook order.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neox", "llama" })
	void eachIntervalBelongsToTheLaterHook(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference(architecture)) {
			long[] readings = { 0 };
			LongSupplier squares = () -> {
				long k = readings[0]++;
				return k * k;
			};
			Profile profile = new ModelProfiler(0, new ResidentMemoryProbe(), squares).profile(model,
					ProfileModels.TOKENS, Granularity.COMPONENT);

			Set<String> unobserved = Set.copyOf(profile.unobservedHookPoints());
			Map<String, Long> expected = new HashMap<>();
			long k = 0;
			for (HookName name : model.hookNames()) {
				if (!unobserved.contains(name.point().suffix())) {
					k++;
					expected.merge(componentByPrefix(name.toString()), 2 * k - 1, Long::sum);
				}
			}
			for (ComponentProfile component : profile.components()) {
				assertThat(component.wallNanos()).as(component.name()).isEqualTo(expected.get(component.name()));
			}
			assertThat(profile.totals().attributedWallNanos()).isEqualTo(k * k);
			assertThat(profile.totals().forwardWallNanos()).isEqualTo((k + 1) * (k + 1));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void profilingRunsOnEveryArchitectureAndChangesNoLogit(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference(architecture)) {
			float[] before = ProfileModels.plainLogits(model, ProfileModels.TOKENS);
			float[][] profiled = new float[1][];

			Profile profile = new ModelProfiler().profile(model, ProfileModels.TOKENS, Granularity.COMPONENT,
					logits -> profiled[0] = logits.toType(DataType.FLOAT32, false).toFloatArray());
			Profile byLayer = new ModelProfiler(0).profile(model, ProfileModels.TOKENS, Granularity.LAYER);

			assertThat(profiled[0]).as("logits of the profiled forward").containsExactly(before);
			assertThat(ProfileModels.plainLogits(model, ProfileModels.TOKENS)).as("logits after profiling")
				.containsExactly(before);
			assertThat(names(profile)).containsExactlyElementsOf(COMPONENT_NAMES);
			assertThat(names(byLayer)).containsExactlyElementsOf(LAYER_NAMES);
			assertAddsUp(profile);
			assertAddsUp(byLayer);
			assertThat(profile.totals().flops()).isEqualTo(
					FlopEstimate.of(model.config(), ProfileModels.TOKENS.length, Granularity.COMPONENT).totalFlops());
			assertThat(byLayer.warmUpRuns()).isZero();
		}
	}

	@Test
	void peakResidentMemoryIsAtLeastTheSizeBefore() throws IOException {
		assertThat(Files.isReadable(Path.of("/proc/self/status"))).as("these tests run on Linux").isTrue();
		try (HookedAutoModel model = ProfileModels.induction()) {
			NativeMemory memory = new ModelProfiler()
				.profile(model, TestSequences.repeatedRandom(40, 7), Granularity.LAYER)
				.nativeMemory();

			assertThat(memory.method()).isIn(PeakMethod.CLEAR_REFS_HIGH_WATER_MARK, PeakMethod.SAMPLED_RESIDENT_SIZE);
			assertThat(memory.residentBytesBefore()).isPositive();
			assertThat(memory.peakResidentBytes()).isGreaterThanOrEqualTo(memory.residentBytesBefore());
		}
	}

	@Test
	void aRefusedResetFallsBackToSampling(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
		ResidentMemoryProbe refused = new ResidentMemoryProbe(Path.of("/proc/self/status"),
				folder.resolve("missing").resolve("clear_refs"));
		try (HookedAutoModel model = ProfileModels.induction()) {
			NativeMemory memory = new ModelProfiler(1, refused, System::nanoTime)
				.profile(model, TestSequences.repeatedRandom(40, 7), Granularity.LAYER)
				.nativeMemory();

			assertThat(memory.method()).isEqualTo(PeakMethod.SAMPLED_RESIDENT_SIZE);
			assertThat(memory.residentBytesBefore()).isPositive();
			assertThat(memory.peakResidentBytes()).isGreaterThanOrEqualTo(memory.residentBytesBefore());
			assertThat(memory.note()).contains("lower bound");
		}
	}

	@Test
	void withoutProcTheMemoryIsReportedMissing(@org.junit.jupiter.api.io.TempDir Path folder) {
		NativeMemory memory = new ResidentMemoryProbe(folder.resolve("status"), folder.resolve("clear_refs")).start()
			.stop();

		assertThat(memory.method()).isEqualTo(PeakMethod.UNAVAILABLE);
		assertThat(memory.residentBytesBefore()).isNull();
		assertThat(memory.peakResidentBytes()).isNull();
		assertThat(memory.note()).contains("Linux only");
	}

	@Test
	void theProfileSerialisesToJsonFieldsOnly() throws IOException {
		try (HookedAutoModel model = ProfileModels.induction()) {
			Profile profile = new ModelProfiler().profile(model, TestSequences.repeatedRandom(40, 7),
					Granularity.COMPONENT);
			ObjectMapper mapper = new ObjectMapper();

			String json = mapper.writeValueAsString(profile);
			JsonNode tree = mapper.readTree(json);

			assertThat(json).doesNotContain("NaN", "Infinity");
			assertThat(fieldNames(tree)).containsExactly("modelName", "tokens", "granularity", "device", "warmUpRuns",
					"components", "totals", "nativeMemory", "unobservedHookPoints", "notes");
			assertThat(fieldNames(tree.get("components").get(0))).containsExactly("name", "wallNanos", "timeShare",
					"activationBytes", "memoryShare", "flops");
			assertThat(fieldNames(tree.get("totals"))).containsExactly("forwardWallNanos", "attributedWallNanos",
					"activationBytes", "flops");
			assertThat(fieldNames(tree.get("nativeMemory"))).containsExactly("residentBytesBefore", "peakResidentBytes",
					"method", "note");
			assertThat(tree.get("granularity").asText()).isEqualTo("COMPONENT");
			assertThat(tree.get("components")).hasSize(profile.components().size());
		}
	}

	@Test
	void badInputNamesTheParameterAndItsRange() throws IOException {
		try (HookedAutoModel model = ProfileModels.induction()) {
			ModelProfiler profiler = new ModelProfiler();

			assertThatThrownBy(() -> profiler.profile(model, new long[0], Granularity.LAYER))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens");
			assertThatThrownBy(() -> profiler.profile(model, new long[] { 1, 256 }, Granularity.LAYER))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens[1] = 256")
				.hasMessageContaining("0..255");
			assertThatThrownBy(() -> profiler.profile(model, new long[] { -1 }, Granularity.COMPONENT))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens[0] = -1");
			assertThatThrownBy(() -> profiler.profile(model, new long[257], Granularity.LAYER))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("tokens")
				.hasMessageContaining("1..256");
			assertThatThrownBy(() -> new ModelProfiler(-1)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("warmUpRuns = -1")
				.hasMessageContaining("0..100");
		}
	}

	private static List<String> names(Profile profile) {
		return profile.components().stream().map(ComponentProfile::name).toList();
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static void assertAddsUp(Profile profile) {
		double timeShares = 0;
		double memoryShares = 0;
		long nanos = 0;
		long bytes = 0;
		Set<String> distinct = new LinkedHashSet<>();
		for (ComponentProfile component : profile.components()) {
			assertThat(component.wallNanos()).as(component.name()).isNotNegative();
			assertThat(component.activationBytes()).as(component.name()).isPositive();
			timeShares += component.timeShare();
			memoryShares += component.memoryShare();
			nanos += component.wallNanos();
			bytes += component.activationBytes();
			distinct.add(component.name());
		}
		assertThat(distinct).hasSameSizeAs(profile.components());
		assertThat(timeShares).isCloseTo(1.0, within(1e-9));
		assertThat(memoryShares).isCloseTo(1.0, within(1e-9));
		assertThat(nanos).isEqualTo(profile.totals().attributedWallNanos())
			.isLessThanOrEqualTo(profile.totals().forwardWallNanos());
		assertThat(bytes).isEqualTo(profile.totals().activationBytes());
	}

}
