package dev.arrakis.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.arrakis.engine.tokenizer.Tokenizer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Datasets as files of one folder: {@code name.json} holds an array of token-id arrays,
 * {@code name.txt} one prompt per line (blank lines skipped), encoded with the model's
 * tokenizer.
 */
public final class FolderDatasets implements DatasetSource {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Path folder;

	public FolderDatasets(Path folder) {
		this.folder = folder;
	}

	@Override
	public SortedSet<String> names() {
		SortedSet<String> names = new TreeSet<>();
		if (!Files.isDirectory(this.folder)) {
			return names;
		}
		try (Stream<Path> files = Files.list(this.folder)) {
			files.map((file) -> file.getFileName().toString())
				.filter((file) -> file.endsWith(".json") || file.endsWith(".txt"))
				.map((file) -> file.substring(0, file.lastIndexOf('.')))
				.forEach(names::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list datasets in " + this.folder, ex);
		}
		return names;
	}

	@Override
	public List<long[]> tokens(String name, @Nullable Tokenizer tokenizer) {
		if (!NAME.matcher(name).matches() || !names().contains(name)) {
			throw new IllegalArgumentException("unknown dataset '%s'; datasets: %s".formatted(name, names()));
		}
		Path json = this.folder.resolve(name + ".json");
		try {
			if (Files.isRegularFile(json)) {
				return List.of(MAPPER.readValue(json.toFile(), long[][].class));
			}
			if (tokenizer == null) {
				throw new IllegalArgumentException(
						"dataset '%s' is text, and the model has no tokenizer to encode it".formatted(name));
			}
			List<long[]> sequences = new ArrayList<>();
			for (String line : Files.readAllLines(this.folder.resolve(name + ".txt"), StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					sequences.add(tokenizer.encode(line, null));
				}
			}
			return sequences;
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalArgumentException("dataset '%s' cannot be read: %s".formatted(name, ex.getMessage()), ex);
		}
	}

}
