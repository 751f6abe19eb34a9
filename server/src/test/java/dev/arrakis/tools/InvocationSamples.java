package dev.arrakis.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.json.JsonMapper;

import static java.util.Map.entry;

/**
 * One hand-written call per method of every standard tool, as the JSON a client sends:
 * row {@code tool.method}, parameters as a JSON object. Placeholders: {@code $tokens} and
 * {@code $other} are two 16-token repeated random sequences, {@code $dataset} both,
 * {@code $probe} eight short sequences and {@code $labels} their alternating classes.
 * Every layer, head and token id fits both tiny-induction-2l and the tiny Hugging Face
 * models (2 layers, 4 heads, 256 tokens).
 */
final class InvocationSamples {

	static final long[] TOKENS = TestSequences.repeatedRandom(8, 11);

	static final long[] OTHER = TestSequences.repeatedRandom(8, 12);

	static final List<long[]> PROBE = IntStream.range(0, 8)
		.mapToObj(i -> TestSequences.repeatedRandom(4, 20 + i))
		.toList();

	static final int[] LABELS = { 0, 1, 0, 1, 0, 1, 0, 1 };

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> ROWS = Map.ofEntries(entry("attention.attention_pattern", """
			{"tokens": $tokens, "layer": 1, "head": 0}"""), entry("attention.top_attended", """
			{"tokens": $tokens, "layer": 1, "head": 0, "position": 12, "k": 3}"""), entry("attention.detect_heads", """
			{"tokens": $tokens, "kind": "induction"}"""), entry("attention.ablate_heads", """
			{"tokens": $tokens, "heads": ["L1H0", {"layer": 1, "head": 3}], "kind": "mean",
			 "reference": [$other], "metric": {"kind": "loss", "from": 8, "to": 15}}"""),
			entry("attention.ablation_sweep", """
					{"tokens": $tokens, "kind": "zero"}"""), entry("attention.merge_heads", """
					{"tokens": $tokens, "layer": 0, "head1": 0, "head2": 2, "alpha": 0.25,
					 "metric": {"kind": "logit_diff", "position": 10, "correctToken": 65, "incorrectToken": 66}}"""),
			entry("causal.patch", """
					{"clean": $tokens, "corrupted": $other, "target": "resid_pre", "metric": "loss"}"""),
			entry("causal.trace", """
					{"tokens": $tokens, "subjectFrom": 2, "subjectTo": 4, "targetToken": 65, "noiseScale": 3,
					 "samples": 1, "seed": 1}"""), entry("causal.attribution_patch", """
					{"clean": $tokens, "corrupted": $other, "target": "head_z"}"""), entry("causal.intervene", """
					{"tokens": $tokens, "interventions": [
					  {"kind": "neuron_value", "layer": 0, "neuron": 5, "position": 3, "value": 0.5},
					  {"kind": "neuron_scale", "layer": 1, "neuron": 7, "factor": 2},
					  {"kind": "head_scale", "layer": 1, "head": 0, "position": -1, "factor": 0}]}"""),
			entry("causal.input_attribution", """
					{"tokens": $tokens, "position": 14, "targetToken": 65, "steps": 4}"""),
			entry("composer.composition_scores", """
					{"kind": "K", "foldLayerNorm": false, "baselineSamples": 2, "seed": 3}"""),
			entry("composer.virtual_head", """
					{"tokens": $tokens, "layer1": 0, "head1": 0, "layer2": 1, "head2": 0}"""),
			entry("composer.circuit", """
					{"layer": 1, "head": 0, "kind": "ov"}"""), entry("decomposer.accumulated_residual", """
					{"tokens": $tokens, "applyFinalNorm": true}"""), entry("decomposer.decompose", """
					{"tokens": $tokens, "layer": 1}"""), entry("feature_viz.top_activations", """
					{"corpus": $dataset, "layer": 0, "neuron": 3, "k": 4, "contextWindow": 2}"""),
			entry("feature_viz.top_activations_for_hook", """
					{"corpus": $dataset, "hookName": "blocks.0.hook_resid_post", "index": 1, "k": 4}"""),
			entry("k_prober.train_probe", """
					{"sequences": $probe, "labels": $labels, "hookName": "blocks.1.hook_resid_post", "epochs": 5}"""),
			entry("k_prober.probe_all_layers", """
					{"sequences": $probe, "labels": $labels, "position": 3, "epochs": 5}"""),
			entry("k_prober.knowledge_neurons", """
					{"prompt": $tokens, "targetToken": 65, "layer": 1, "steps": 2, "topK": 3}"""),
			entry("kg_extractor.relational_subspaces", """
					{"layer": 1, "head": 0, "topK": 2, "foldLayerNorm": true}"""),
			entry("kg_extractor.token_circuit", """
					{"layer": 1, "head": 0, "queryTokens": [65, 66, 67], "keyTokens": [65, 97]}"""),
			entry("kg_extractor.project_tokens", """
					{"tokenIds": [65, 66, 67], "layer": 0, "head": 1, "topK": 2}"""),
			entry("kg_extractor.identify_relations", """
					{"tokenIds": [65, 66, 67], "layer": 0, "head": 1, "topK": 2, "threshold": 0.1}"""),
			entry("knowledge.train_probe", """
					{"sequences": $probe, "labels": $labels, "hookName": "hook_embed", "position": -1,
					 "testFraction": 0.25, "l2": 0.1, "epochs": 5, "seed": 5}"""),
			entry("knowledge.probe_all_layers", """
					{"sequences": $probe, "labels": $labels, "epochs": 5}"""), entry("knowledge.knowledge_neurons", """
					{"prompt": $tokens, "targetToken": 65, "steps": 2, "topK": 3}"""),
			entry("logit.direct_logit_attribution", """
					{"tokens": $tokens, "position": 10, "tokenId": 65}"""),
			entry("logit.logit_difference_attribution", """
					{"tokens": $tokens, "position": 10, "tokenId": 65, "contrastTokenId": 66}"""),
			entry("logit_lens.logit_lens", """
					{"tokens": $tokens, "topK": 3}"""), entry("residual.decompose_residual", """
					{"tokens": $tokens, "layer": 0}"""), entry("residual.residual_norms", """
					{"tokens": $tokens}"""), entry("residual.residual_movement", """
					{"tokens": $tokens, "fromLayer": 0, "toLayer": 1}"""), entry("sparsity.activation_sparsity", """
					{"dataset": $dataset, "threshold": 0.01}"""), entry("sparsity.magnitude_pruning", """
					{"dataset": $dataset, "fraction": 0.5, "scope": "per_layer", "metric": "loss"}"""),
			entry("superposition.train_sparse_autoencoder", """
					{"dataset": $dataset, "hookName": "blocks.0.hook_resid_post", "dictionarySize": 8, "epochs": 1,
					 "learningRate": 0.01, "seed": 1}"""), entry("superposition.pca", """
					{"dataset": $dataset, "hookName": "blocks.0.hook_resid_post", "components": 3}"""),
			entry("superposition.interpolate_concepts", """
					{"tokensA": $tokens, "tokensB": $other, "hookName": "blocks.0.hook_resid_post", "steps": 3,
					 "position": 5}"""), entry("surgery.evaluate_surgery", """
					{"plan": {"kind": "permute_blocks", "order": [1, 0]}, "dataset": [$tokens]}"""),
			entry("write_read.writers", """
					{"direction": {"tokenId": 65}, "topK": 3}"""), entry("write_read.readers", """
					{"direction": {"tokenId": 65, "otherTokenId": 66}, "topK": 3}"""),
			entry("write_read.writes_on_input", """
					{"tokens": $tokens, "direction": {"tokenId": 65}, "position": 5, "topK": 2}"""),
			entry("write_read.information_flow", """
					{"tokens": $tokens, "sourcePosition": 3, "destinationPosition": 11}"""),
			entry("write_read.write_sizes", """
					{}"""));

	private InvocationSamples() {
	}

	/** The rows, {@code tool.method}, sorted. */
	static List<String> rows() {
		return ROWS.keySet().stream().sorted().toList();
	}

	static String tool(String row) {
		return row.substring(0, row.indexOf('.'));
	}

	static String method(String row) {
		return row.substring(row.indexOf('.') + 1);
	}

	/** The row's parameters as Jackson parses them. */
	static Map<String, Object> params(String row) {
		String json = ROWS.get(row);
		if (json == null) {
			throw new IllegalArgumentException("no sample for " + row);
		}
		return parse(json);
	}

	/** A JSON object with the placeholders filled in, as Jackson parses it. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String json) {
		String filled = json.replace("$tokens", Arrays.toString(TOKENS))
			.replace("$other", Arrays.toString(OTHER))
			.replace("$dataset", "[" + Arrays.toString(TOKENS) + ", " + Arrays.toString(OTHER) + "]")
			.replace("$probe", PROBE.stream().map(Arrays::toString).collect(Collectors.joining(", ", "[", "]")))
			.replace("$labels", Arrays.toString(LABELS));
		return JSON.readValue(filled, Map.class);
	}

	/**
	 * The simple name of a result's class, {@code X[]} for a list of X, as
	 * {@link ResultSpec#type()} names it.
	 */
	static String typeName(Object result) {
		if (result instanceof List<?> list) {
			return (list.isEmpty() ? "?" : list.get(0).getClass().getSimpleName()) + "[]";
		}
		return result.getClass().getSimpleName();
	}

}
