package dev.arrakis.bench.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

	private static final String DEFINITION = """
			{"name": "induction", "model": {"name": "tiny-induction-2l", "weightsHash": "abc"},
			 "inputs": {"prompts": ["hello"], "tokens": [[1, 2, 3]]},
			 "steps": [
			   {"id": "s1", "tool": "attention", "method": "detect_heads",
			    "params": {"tokens": [1, 2, 3], "kind": "induction"}},
			   {"id": "s2", "tool": "attention", "method": "merge_heads",
			    "params": {"layer": 1, "head1": 0, "head2": "${s1.top}", "alpha": 0.25}}
			 ]}
			""";

	private static final String SAME_DEFINITION_REORDERED = """
			{ "steps":[{"params":{"kind":"induction","tokens":[1,2,3]},"method":"detect_heads","tool":"attention","id":"s1"},
			{"tool":"attention","id":"s2","params":{"alpha":0.250,"head2":"${s1.top}","head1":0,"layer":1},
			"method":"merge_heads"}],
			  "inputs":{"tokens":[[1,2,3]],"prompts":["hello"]},"model":{"weightsHash":"abc","name":"tiny-induction-2l"},
			    "name":"induction" }
			""";

	@Test
	void keyOrderAndWhitespaceDoNotChangeTheVersion() {
		ExperimentDefinition first = DefinitionJson.read(DEFINITION);
		ExperimentDefinition second = DefinitionJson.read(SAME_DEFINITION_REORDERED);
		assertThat(CanonicalJson.of(second)).isEqualTo(CanonicalJson.of(first));
		assertThat(Versions.of(second)).isEqualTo(Versions.of(first)).matches("[0-9a-f]{64}");
		assertThat(CanonicalJson.of(SAME_DEFINITION_REORDERED)).isEqualTo(CanonicalJson.of(DEFINITION));
	}

	@Test
	void writingAndReadingBackKeepsTheVersion() {
		ExperimentDefinition definition = DefinitionJson.read(DEFINITION);
		assertThat(Versions.of(DefinitionJson.read(DefinitionJson.write(definition))))
			.isEqualTo(Versions.of(definition));
	}

	@Test
	void everyEditOfAValueMakesAnotherVersion() {
		String original = Versions.of(DefinitionJson.read(DEFINITION));
		List<String> edits = List.of(DEFINITION.replace("\"induction\", \"model\"", "\"induction2\", \"model\""),
				DEFINITION.replace("\"abc\"", "\"abd\""), DEFINITION.replace("[\"hello\"]", "[\"hello \"]"),
				DEFINITION.replace("[[1, 2, 3]]", "[[1, 2, 4]]"), DEFINITION.replace("\"layer\": 1", "\"layer\": 0"),
				DEFINITION.replace("0.25", "0.26"), DEFINITION.replace("0.25", "0.25000001"),
				DEFINITION.replace("${s1.top}", "${s1.scores}"), DEFINITION.replace("\"head1\": 0", "\"head1\": 0.0"),
				DEFINITION.replace("\"kind\": \"induction\"", "\"kind\": \"previous_token\""));
		for (String edit : edits) {
			assertThat(edit).isNotEqualTo(DEFINITION);
			assertThat(Versions.of(DefinitionJson.read(edit))).as(edit).isNotEqualTo(original);
		}
		assertThat(edits.stream().map((edit) -> Versions.of(DefinitionJson.read(edit))).distinct())
			.hasSize(edits.size());
	}

	@Test
	void theCanonicalFormSortsKeysDropsNullsAndWhitespaceAndNormalisesNumbers() {
		assertThat(CanonicalJson
			.of(" { \"b\" : [ 1 , 2.50, 1e2, -0 ], \"a\": {\"z\": null, \"y\": \"q\\\"\", \"x\": true} } "))
			.isEqualTo("{\"a\":{\"x\":true,\"y\":\"q\\\"\"},\"b\":[1,2.5,100.0,0]}");
	}

	@Test
	void knownAnswer() throws Exception {
		ExperimentDefinition definition = new ExperimentDefinition("e", new ModelRef("m", null),
				new Inputs(List.of(), List.of(new long[] { 7, 8 }), null),
				List.of(new Step("s1", "logit_lens", "logit_lens", Map.of("topK", 3, "tokens", List.of(7, 8)))));
		String canonical = "{\"inputs\":{\"prompts\":[],\"tokens\":[[7,8]]},\"model\":{\"name\":\"m\"},\"name\":\"e\","
				+ "\"steps\":[{\"id\":\"s1\",\"method\":\"logit_lens\",\"params\":{\"tokens\":[7,8],\"topK\":3},"
				+ "\"tool\":\"logit_lens\"}]}";
		assertThat(CanonicalJson.of(definition)).isEqualTo(canonical);
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
		assertThat(Versions.of(definition)).isEqualTo(HexFormat.of().formatHex(digest));
	}

	@Test
	void notJsonIsAClearError() {
		assertThatThrownBy(() -> DefinitionJson.read("{\"name\": ")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> CanonicalJson.of("[1,")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not valid JSON");
	}

}
