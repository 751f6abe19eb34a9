package dev.arrakis.engine.weights;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.arrakis.engine.ModelLoadException;

/**
 * The tensors of a Hugging Face checkpoint directory: one {@code model.safetensors}, or
 * the shards listed in {@code model.safetensors.index.json}. Each tensor may be taken
 * once; {@link #requireAllTaken()} then proves that the conversion used every tensor of
 * the checkpoint.
 */
public final class TensorSource {

	private final Path directory;

	private final Map<String, SafetensorsFile> fileByTensor;

	private final Set<String> taken = new HashSet<>();

	private final NDManager manager;

	private TensorSource(Path directory, Map<String, SafetensorsFile> fileByTensor, NDManager manager) {
		this.directory = directory;
		this.fileByTensor = fileByTensor;
		this.manager = manager;
	}

	/**
	 * Opens the checkpoint in {@code directory}; tensors are created in {@code manager}.
	 */
	public static TensorSource open(Path directory, NDManager manager) throws IOException {
		return new TensorSource(directory, index(directory), manager);
	}

	/**
	 * Elements in a checkpoint's tensors, read from the headers alone: what loading it
	 * will need.
	 */
	public static long elementCount(Path directory) throws IOException {
		Map<String, SafetensorsFile> byTensor = index(directory);
		return byTensor.entrySet().stream().mapToLong(e -> e.getValue().entries().get(e.getKey()).shape().size()).sum();
	}

	private static Map<String, SafetensorsFile> index(Path directory) throws IOException {
		Path single = directory.resolve("model.safetensors");
		Path index = directory.resolve("model.safetensors.index.json");
		Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
		if (Files.isRegularFile(single)) {
			SafetensorsFile file = SafetensorsFile.open(single);
			file.entries().keySet().forEach(name -> byTensor.put(name, file));
		}
		else if (Files.isRegularFile(index)) {
			Map<String, SafetensorsFile> shards = new HashMap<>();
			for (Map.Entry<String, String> e : readWeightMap(index).entrySet()) {
				Path shardPath = directory.resolve(e.getValue()).normalize();
				if (!shardPath.startsWith(directory.normalize())) {
					throw new ModelLoadException("%s points outside its directory: %s".formatted(index, e.getValue()));
				}
				SafetensorsFile shard = shards.get(e.getValue());
				if (shard == null) {
					shard = SafetensorsFile.open(shardPath);
					shards.put(e.getValue(), shard);
				}
				if (!shard.entries().containsKey(e.getKey())) {
					throw new ModelLoadException(
							"%s lists '%s' in %s, which has no such tensor".formatted(index, e.getKey(), e.getValue()));
				}
				byTensor.put(e.getKey(), shard);
			}
		}
		else {
			throw new ModelLoadException(
					"%s has neither model.safetensors nor model.safetensors.index.json".formatted(directory));
		}
		return byTensor;
	}

	public boolean has(String name) {
		return this.fileByTensor.containsKey(name);
	}

	public Shape shape(String name) {
		return entry(name).shape();
	}

	/** Loads a tensor and marks it used; it must have {@code expected} shape. */
	public NDArray take(String name, Shape expected) throws IOException {
		Shape actual = shape(name);
		if (!actual.equals(expected)) {
			throw new ModelLoadException(
					"%s: tensor '%s' has shape %s, expected %s".formatted(this.directory, name, actual, expected));
		}
		return take(name);
	}

	/** Loads a tensor of any shape and marks it used. */
	public NDArray take(String name) throws IOException {
		entry(name);
		if (!this.taken.add(name)) {
			throw new ModelLoadException("%s: tensor '%s' was used twice".formatted(this.directory, name));
		}
		return this.fileByTensor.get(name).load(name, this.manager);
	}

	/**
	 * Releases the checkpoint's memory mappings; see
	 * {@link SafetensorsFile#releaseMappings()}.
	 */
	public void releaseMappings() {
		this.fileByTensor.values().stream().distinct().forEach(SafetensorsFile::releaseMappings);
	}

	/**
	 * Elements in the checkpoint's tensors: the parameter count, tied weights counted
	 * once.
	 */
	public long elementCount() {
		return this.fileByTensor.keySet().stream().mapToLong(n -> entry(n).shape().size()).sum();
	}

	public void requireAllTaken() {
		Set<String> unused = new TreeSet<>(this.fileByTensor.keySet());
		unused.removeAll(this.taken);
		if (!unused.isEmpty()) {
			List<String> names = new ArrayList<>(unused);
			throw new ModelLoadException("%s: %d checkpoint tensors are not used by the conversion: %s"
				.formatted(this.directory, names.size(), names.size() > 10 ? names.subList(0, 10) + "..." : names));
		}
	}

	private SafetensorsFile.Entry entry(String name) {
		SafetensorsFile file = this.fileByTensor.get(name);
		if (file == null) {
			throw new ModelLoadException("%s: checkpoint has no tensor '%s'".formatted(this.directory, name));
		}
		return file.entries().get(name);
	}

	private static Map<String, String> readWeightMap(Path index) throws IOException {
		try (Reader reader = Files.newBufferedReader(index)) {
			JsonObject json = JsonParser.parseReader(reader).getAsJsonObject();
			JsonObject weightMap = json.getAsJsonObject("weight_map");
			if (weightMap == null) {
				throw new ModelLoadException(index + " has no weight_map");
			}
			Map<String, String> result = new LinkedHashMap<>();
			for (Map.Entry<String, JsonElement> e : weightMap.entrySet()) {
				result.put(e.getKey(), e.getValue().getAsString());
			}
			return result;
		}
	}

}
