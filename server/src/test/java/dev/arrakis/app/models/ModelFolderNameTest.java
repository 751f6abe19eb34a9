package dev.arrakis.app.models;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model to load is named by a folder directly in the model directory, and by nothing
 * that could reach outside it: the names HTTP lets through and those it already refuses.
 */
class ModelFolderNameTest {

	private static final Path DIRECTORY = Path.of("/srv/models");

	@ParameterizedTest
	@ValueSource(strings = { "tiny-gpt2-bytes", "Llama-3.2-1B", "gpt2.medium", "a", "v1_0", "a..b" })
	void aPlainFolderNameIsTheFolderDirectlyInTheModelDirectory(String name) {
		assertThat(ModelRegistry.folder(DIRECTORY, name)).isEqualTo(DIRECTORY.resolve(name)).hasParentRaw(DIRECTORY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "..", "../etc", "../../etc/passwd", "a/b", "a/../b", "/etc", "a\\b", "..\\x",
			".hidden", "~root", "a b", "a\u0000b", "tiny-gpt2-bytes/", "-rf" })
	void anythingElseIsA400ProblemNamingTheParameter(String name) {
		assertThatThrownBy(() -> ModelRegistry.folder(DIRECTORY, name)).isInstanceOfSatisfying(
				InvalidModelNameException.class, (ex) -> assertThat(ex.toProblemDetail()).satisfies((problem) -> {
					assertThat(problem.getStatus()).isEqualTo(400);
					assertThat(problem.getType()).hasToString("/problems/invalid-request");
					assertThat(problem.getProperties()).containsEntry("parameter", "name").containsEntry("value", name);
				}));
	}

}
