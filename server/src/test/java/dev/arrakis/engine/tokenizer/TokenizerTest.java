package dev.arrakis.engine.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled byte-level tokenizer: token id == byte value, BOS (newline, id 10) only on
 * request.
 */
class TokenizerTest {

	private static final Path TOKENIZER = Paths.get("..", "models", "tiny-gpt2-bytes", "tokenizer.json")
		.toAbsolutePath();

	@Test
	void bytesAreTokensAndBosFollowsThePolicy() throws IOException {
		try (Tokenizer tokenizer = Tokenizer.load(TOKENIZER, 10)) {
			assertThat(tokenizer.encode("def", null)).containsExactly(100, 101, 102);
			assertThat(tokenizer.encode("def", true)).containsExactly(10, 100, 101, 102);
			assertThat(tokenizer.encode("\ndef", false)).containsExactly(100, 101, 102);
			assertThat(tokenizer.encode("\ndef", null)).containsExactly(10, 100, 101, 102);
			assertThat(tokenizer.tokenStrings(new long[] { 100, 32, 10 })).containsExactly("d", " ", "\n");
			assertThat(tokenizer.decode(tokenizer.encode("x = [1, 2]\n", null))).isEqualTo("x = [1, 2]\n");
		}
	}

	@Test
	void withoutABosIdThePolicyChangesNothing() throws IOException {
		try (Tokenizer tokenizer = Tokenizer.load(TOKENIZER, null)) {
			assertThat(tokenizer.encode("ab", true)).containsExactly(97, 98);
		}
	}

}
