package dev.arrakis.tools;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.tools.attention.Ablation;
import dev.arrakis.tools.attention.AttentionTools;
import dev.arrakis.tools.attention.Head;
import dev.arrakis.tools.attention.HeadDetector;
import dev.arrakis.tools.causal.ActivationPatching;
import dev.arrakis.tools.causal.Intervention;
import dev.arrakis.tools.knowledge.KnowledgeProber;
import dev.arrakis.tools.readwrite.Direction;
import dev.arrakis.tools.readwrite.ReadWriteTool;
import dev.arrakis.tools.surgery.ModelSurgery;
import dev.arrakis.tools.surgery.SurgeryPlan;

import static dev.arrakis.tools.InvocationSamples.OTHER;
import static dev.arrakis.tools.InvocationSamples.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every method of every standard tool called by name with JSON parameters
 * ({@link InterpretabilityTool#invoke}): it returns the record its {@link ResultSpec}
 * names, the same numbers as the direct Java call, takes its documented defaults, and
 * rejects bad input with an {@link IllegalArgumentException} naming the parameter and
 * what is allowed.
 */
class ToolInvocationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ToolRegistry REGISTRY = ToolRegistry.standard();

	private static HookedAutoModel model;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void theSampleTableHasOneRowPerDescribedMethodSoNoneIsForgotten() {
		List<String> described = new ArrayList<>();
		for (String key : REGISTRY.keys()) {
			REGISTRY.tool(key, model).methods().forEach(method -> described.add(key + "." + method.name()));
		}
		assertThat(described).hasSize(45).doesNotHaveDuplicates();
		assertThat(InvocationSamples.rows()).containsExactlyInAnyOrderElementsOf(described);
	}

	static List<String> rows() {
		return InvocationSamples.rows();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void everyMethodRunsByNameAndReturnsTheRecordItsResultSpecNames(String row) {
		InterpretabilityTool tool = REGISTRY.tool(InvocationSamples.tool(row), model);
		String method = InvocationSamples.method(row);
		ToolMethod described = tool.methods().stream().filter(m -> m.name().equals(method)).findFirst().orElseThrow();
		Object result = tool.invoke(method, InvocationSamples.params(row));
		assertThat(result).isNotNull();
		assertThat(InvocationSamples.typeName(result)).isEqualTo(described.result().type());
		assertThat(json(result)).isNotBlank();
	}

	@Test
	void resultsByNameEqualTheDirectCalls() {
		AttentionTools attention = new AttentionTools(model);
		assertSame(attention.invoke("detect_heads", Map.of("tokens", list(TOKENS), "kind", "INDUCTION")),
				attention.detectHeads(TOKENS, HeadDetector.INDUCTION));
		assertSame(attention.invoke("ablate_heads", InvocationSamples.params("attention.ablate_heads")),
				attention.ablateHeads(TOKENS, List.of(new Head(1, 0), new Head(1, 3)), Ablation.MEAN, List.of(OTHER),
						Metric.loss(8, 15)));
		assertSame(attention.invoke("merge_heads", InvocationSamples.params("attention.merge_heads")),
				attention.mergeHeads(TOKENS, 0, 0, 2, 0.25, Metric.logitDifference(10, 65, 66)));
		ActivationPatching causal = new ActivationPatching(model);
		assertSame(causal.invoke("intervene", InvocationSamples.params("causal.intervene")),
				causal.intervene(
						TOKENS, List.of(new Intervention.NeuronValue(0, 5, 3, 0.5),
								new Intervention.NeuronScale(1, 7, -1, 2), new Intervention.HeadScale(1, 0, -1, 0)),
						Metric.loss()));
		assertSame(causal.invoke("trace", InvocationSamples.params("causal.trace")),
				causal.trace(TOKENS, 2, 4, 65, 3, 1, 1));
		ModelSurgery surgery = new ModelSurgery(model);
		assertSame(surgery.invoke("evaluate_surgery", InvocationSamples.parse("""
				{"plan": {"kind": "replace_block", "target": 1, "source": 0}, "dataset": [$tokens],
				 "metric": {"kind": "logit_diff", "position": 3, "correctToken": 65, "incorrectToken": 66}}""")),
				surgery.evaluate(SurgeryPlan.replaceBlock(1, 0), List.of(TOKENS), Metric.logitDifference(3, 65, 66)));
		KnowledgeProber prober = new KnowledgeProber(model);
		assertSame(prober.invoke("train_probe", InvocationSamples.params("knowledge.train_probe")), prober
			.trainProbe(InvocationSamples.PROBE, InvocationSamples.LABELS, "hook_embed", -1, 0.25, 0.1, 5, 5));
	}

	@Test
	void directionsByNameEqualTheDirectCalls() {
		ReadWriteTool readWrite = new ReadWriteTool(model);
		float[] vector = new float[model.config().dModel()];
		vector[0] = 2;
		vector[3] = -1;
		List<Double> json = new ArrayList<>();
		for (float value : vector) {
			json.add((double) value);
		}
		assertSame(
				readWrite
					.invoke("writes_on_input",
							Map.of("tokens", list(TOKENS), "direction", Map.of("vector", json, "label", "e0 - e3/2"),
									"position", 5)),
				readWrite.writesOnInput(TOKENS, Direction.of("e0 - e3/2", vector), 5));
		assertSame(readWrite.invoke("readers", InvocationSamples.params("write_read.readers")),
				readWrite.readers(Direction.difference(65, 66), 3));
		assertSame(readWrite.invoke("writers", InvocationSamples.params("write_read.writers")),
				readWrite.writers(Direction.token(65), 3));
	}

	@Test
	void anOptionalParameterLeftOutTakesItsDocumentedDefault() {
		assertDefaults("logit_lens", "logit_lens", """
				{"tokens": $tokens}""", """
				{"tokens": $tokens, "topK": 5}""");
		assertDefaults("attention", "top_attended", """
				{"tokens": $tokens, "layer": 1, "head": 0, "position": 12}""", """
				{"tokens": $tokens, "layer": 1, "head": 0, "position": 12, "k": 5}""");
		assertDefaults("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H1"]}""", """
				{"tokens": $tokens, "heads": ["L1H1"], "kind": "zero", "reference": [], "metric": "loss"}""");
		assertDefaults("kg_extractor", "relational_subspaces", """
				{"layer": 1, "head": 2}""", """
				{"layer": 1, "head": 2, "topK": 3, "foldLayerNorm": false}""");
		assertDefaults("write_read", "writes_on_input", """
				{"tokens": $tokens, "direction": {"tokenId": 70}, "position": 9}""", """
				{"tokens": $tokens, "direction": {"tokenId": 70}, "position": 9, "topK": 10}""");
		assertDefaults("causal", "input_attribution", """
				{"tokens": $tokens, "position": 6, "targetToken": 65}""", """
				{"tokens": $tokens, "position": 6, "targetToken": 65, "steps": 64}""");
		// JSON null is the same as leaving the parameter out.
		assertDefaults("logit_lens", "logit_lens", """
				{"tokens": $tokens, "topK": null}""", """
				{"tokens": $tokens, "topK": 5}""");
	}

	@Test
	void everyDefaultParsesAsJsonOrStaysAPlainString() {
		assertThat(Arguments.parseDefault("5")).isEqualTo(5);
		assertThat(Arguments.parseDefault("-1")).isEqualTo(-1);
		assertThat(Arguments.parseDefault("0.5")).isEqualTo(0.5);
		assertThat(Arguments.parseDefault("true")).isEqualTo(true);
		assertThat(Arguments.parseDefault("[]")).isEqualTo(List.of());
		assertThat(Arguments.parseDefault("zero")).isEqualTo("zero");
		assertThat(Arguments.parseDefault("loss")).isEqualTo("loss");
		// Every optional parameter of every tool: its default converts to its type.
		for (String row : InvocationSamples.rows()) {
			InterpretabilityTool tool = REGISTRY.tool(InvocationSamples.tool(row), model);
			ToolMethod method = tool.methods()
				.stream()
				.filter(m -> m.name().equals(InvocationSamples.method(row)))
				.findFirst()
				.orElseThrow();
			Map<String, Object> requiredOnly = new LinkedHashMap<>(InvocationSamples.params(row));
			method.params().stream().filter(p -> p.defaultValue() != null).forEach(p -> requiredOnly.remove(p.name()));
			Arguments arguments = Arguments.of(method, requiredOnly);
			for (ParamSpec spec : method.params()) {
				if (spec.defaultValue() != null) {
					assertThat(convert(arguments, spec)).as("%s.%s default %s", row, spec.name(), spec.defaultValue())
						.isNotNull();
				}
			}
		}
	}

	@Test
	void anUnknownMethodIsRejectedListingTheToolsMethods() {
		assertThatThrownBy(() -> REGISTRY.tool("attention", model).invoke("detect_head", Map.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage(
					"tool 'attention' has no method 'detect_head'; its methods are [attention_pattern, top_attended, "
							+ "detect_heads, ablate_heads, ablation_sweep, merge_heads]");
	}

	@Test
	void unknownAndMissingParametersAreRejectedWithTheAllowedOnes() {
		assertRejected("attention", "detect_heads", """
				{"tokens": $tokens, "kind": "induction", "lyer": 1}""",
				"params.lyer is not a parameter of attention.detect_heads; its parameters are [tokens, kind]");
		assertRejected("attention", "detect_heads", """
				{"tokens": $tokens, "kind": "induction", "lyer": 1, "hed": 0}""",
				"params.hed, params.lyer are not parameters of attention.detect_heads");
		assertRejected("attention", "detect_heads", """
				{"tokens": $tokens}""", "params.kind is missing: attention.detect_heads requires [tokens, kind]");
		assertRejected("attention", "detect_heads", """
				{"tokens": null, "kind": "induction"}""", "params.tokens is missing");
	}

	@Test
	void valuesOfTheWrongJsonTypeAreRejectedNamingTheParameter() {
		assertRejected("attention", "attention_pattern", """
				{"tokens": $tokens, "layer": "x", "head": 0}""",
				"params.layer: string \"x\" is not an int (a whole number such as 3)");
		assertRejected("attention", "attention_pattern", """
				{"tokens": $tokens, "layer": 1.5, "head": 0}""",
				"params.layer: number 1.5 is not an int (a whole number such as 3)");
		assertRejected("attention", "attention_pattern", """
				{"tokens": $tokens, "layer": 3000000000, "head": 0}""",
				"params.layer: number 3000000000 is out of range: valid values are -2147483648..2147483647");
		assertRejected("attention", "attention_pattern", """
				{"tokens": "hello", "layer": 1, "head": 0}""",
				"params.tokens: string \"hello\" is not a list of token ids (such as [464, 3290, 318])");
		assertRejected("attention", "attention_pattern", """
				{"tokens": [72, "i"], "layer": 1, "head": 0}""",
				"params.tokens[1]: string \"i\" is not a token id (a whole number such as 464)");
		assertRejected("attention", "merge_heads", """
				{"tokens": $tokens, "layer": 0, "head1": 0, "head2": 2, "alpha": "0.5"}""",
				"params.alpha: string \"0.5\" is not a number (such as 0.5)");
		assertRejected("kg_extractor", "relational_subspaces", """
				{"layer": 1, "head": 0, "foldLayerNorm": "yes"}""",
				"params.foldLayerNorm: string \"yes\" is not a boolean (true or false)");
		assertRejected("feature_viz", "top_activations", """
				{"corpus": [$tokens, 5], "layer": 0, "neuron": 1}""",
				"params.corpus[1]: number 5 is not a list of token ids");
		assertRejected("knowledge", "probe_all_layers", """
				{"sequences": $probe, "labels": {"a": 1}}""",
				"params.labels: an object with keys [a] is not a list of ints");
	}

	@Test
	void aWholeNumberWrittenWithAFractionPartIsStillAnInt() {
		AttentionTools attention = new AttentionTools(model);
		assertSame(attention.invoke("attention_pattern", Map.of("tokens", list(TOKENS), "layer", 1.0, "head", 2L)),
				attention.pattern(TOKENS, 1, 2));
	}

	@Test
	void rangesStayTheToolsOwnChecks() {
		assertRejected("attention", "attention_pattern", """
				{"tokens": $tokens, "layer": 7, "head": 0}""", "layer = 7 is out of range: valid values are 0..1");
		assertRejected("attention", "attention_pattern", """
				{"tokens": [1, 300], "layer": 1, "head": 0}""",
				"tokens[1] = 300 is not a token id: valid ids are 0..255");
	}

	@Test
	void badEnumStringsAreRejectedListingTheChoices() {
		assertRejected("attention", "detect_heads", """
				{"tokens": $tokens, "kind": "inductive"}""",
				"params.kind: string \"inductive\" is not one of [previous_token, duplicate_token, induction] "
						+ "(case-insensitive)");
		assertRejected("causal", "patch", """
				{"clean": $tokens, "corrupted": $other, "target": "resid"}""",
				"params.target: string \"resid\" is not one of [resid_pre, attn_out, mlp_out, head_z, head_z_by_position]");
		assertRejected("attention", "detect_heads", """
				{"tokens": $tokens, "kind": 2}""", "params.kind: number 2 is not a string");
	}

	@Test
	void malformedHeadsAreRejectedShowingBothForms() {
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1X0"]}""",
				"params.heads[0]: string \"L1X0\" is not a head: {\"layer\": l, \"head\": h} or a label such as \"L1H0\"");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": [{"layer": 1}]}""", "params.heads[0].head is missing");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": [{"layer": 1, "head": 0, "position": 2}]}""",
				"params.heads[0]: unknown key \"position\"; allowed keys are [head, layer]");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": "L1H0"}""", "params.heads: string \"L1H0\" is not a list of heads");
	}

	@Test
	void malformedMetricsAreRejectedShowingTheForms() {
		String forms = JsonForms.METRIC;
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"], "metric": "accuracy"}""",
				"params.metric: string \"accuracy\" is not a metric: " + forms);
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"], "metric": {"kind": "logit_difference"}}""",
				"params.metric.kind: string \"logit_difference\" is not one of [loss, logit_diff]");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"],
				 "metric": {"kind": "logit_diff", "position": 3, "correctToken": 65}}""",
				"params.metric.incorrectToken is missing");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"], "metric": {"kind": "loss", "start": 2}}""",
				"params.metric: unknown key \"start\"; allowed keys are [from, kind, to]");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"], "metric": {"kind": "loss", "from": 2}}""",
				"params.metric: a loss over a range needs both from and to, or neither");
		assertRejected("attention", "ablate_heads", """
				{"tokens": $tokens, "heads": ["L1H0"], "metric": {"position": 2}}""", "params.metric.kind is missing");
	}

	@Test
	void malformedDirectionsPlansAndInterventionsAreRejectedShowingTheForms() {
		assertRejected("write_read", "writers", """
				{"direction": {"token": 65}}""",
				"params.direction: unknown key \"token\"; allowed keys are [label, otherTokenId, tokenId, vector]");
		assertRejected("write_read", "writers", """
				{"direction": 65}""", "params.direction: number 65 is not a direction: " + JsonForms.DIRECTION);
		assertRejected("write_read", "writers", """
				{"direction": {"vector": [1, "a"]}}""", "params.direction.vector[1]: string \"a\" is not a number");
		assertRejected("surgery", "evaluate_surgery", """
				{"plan": {"kind": "drop_blocks", "layers": [1]}, "dataset": [$tokens]}""",
				"params.plan.kind: string \"drop_blocks\" is not one of [delete_blocks, permute_blocks, replace_block]");
		assertRejected("surgery", "evaluate_surgery", """
				{"plan": {"kind": "replace_block", "target": 1}, "dataset": [$tokens]}""",
				"params.plan.source is missing");
		assertRejected("causal", "intervene", """
				{"tokens": $tokens, "interventions": [{"kind": "head_scale", "layer": 1, "head": 0, "value": 2}]}""",
				"params.interventions[0]: unknown key \"value\"; allowed keys are [factor, head, kind, layer, position]");
		assertRejected("causal", "intervene", """
				{"tokens": $tokens, "interventions": {"kind": "head_scale"}}""",
				"params.interventions: an object with keys [kind] is not a list, at least one, of");
	}

	private static void assertDefaults(String key, String method, String without, String explicit) {
		InterpretabilityTool tool = REGISTRY.tool(key, model);
		assertSame(tool.invoke(method, InvocationSamples.parse(without)),
				tool.invoke(method, InvocationSamples.parse(explicit)));
	}

	private static void assertRejected(String key, String method, String params, String message) {
		InterpretabilityTool tool = REGISTRY.tool(key, model);
		assertThatThrownBy(() -> tool.invoke(method, InvocationSamples.parse(params)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith(message);
	}

	/** The same numbers: equal JSON, every float and label included. */
	private static void assertSame(Object byName, Object direct) {
		assertThat(byName).isInstanceOf(direct.getClass());
		assertThat(json(byName)).isEqualTo(json(direct));
	}

	private static Object convert(Arguments arguments, ParamSpec spec) {
		return switch (spec.type()) {
			case "int" -> arguments.integer(spec.name());
			case "long" -> arguments.longValue(spec.name());
			case "double" -> arguments.real(spec.name());
			case "boolean" -> arguments.bool(spec.name());
			case "string" -> arguments.string(spec.name());
			case "tokens[]" -> arguments.tokenLists(spec.name());
			case "metric" -> arguments.metric(spec.name());
			default -> throw new AssertionError("no default of type %s expected (%s): add it here"
				.formatted(spec.type(), new TreeSet<>(ParamSpec.TYPES)));
		};
	}

	private static List<Long> list(long[] tokens) {
		List<Long> list = new ArrayList<>();
		for (long token : tokens) {
			list.add(token);
		}
		return list;
	}

	private static String json(Object result) {
		return JSON.writeValueAsString(result);
	}

}
