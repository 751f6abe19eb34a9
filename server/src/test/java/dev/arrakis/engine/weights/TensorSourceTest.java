package dev.arrakis.engine.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelLoadException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoint directories as {@link TensorSource} reads them, through
 * {@link HookedAutoModel#load}: sharded checkpoints, and checkpoints with a tensor
 * missing, misshapen or left over. Each is an altered copy of the Hugging Face reference
 * gpt2 in a temporary directory.
 */
class TensorSourceTest {

	private static final LoadOptions CPU = new LoadOptions(DType.FLOAT32, "cpu");

	@TempDir
	Path dir;

	private Path reference;

	private Map<String, SafetensorsWriter.Floats> tensors;

	@BeforeEach
	void readReference() throws IOException {
		this.reference = SafetensorsFileTest.resource("hf-reference/gpt2");
		this.tensors = SafetensorsWriter.readFloats(this.reference.resolve("model.safetensors"));
	}

	@Test
	void shardedCheckpointGivesExactlyTheLogitsOfTheSingleFile() throws IOException {
		Path folder = folder("sharded");
		List<String> names = new ArrayList<>(this.tensors.keySet());
		int half = names.size() / 2;
		JsonObject weightMap = new JsonObject();
		long totalSize = 0;
		for (int shard = 0; shard < 2; shard++) {
			String file = "model-%05d-of-00002.safetensors".formatted(shard + 1);
			SafetensorsWriter writer = new SafetensorsWriter();
			for (String name : shard == 0 ? names.subList(0, half) : names.subList(half, names.size())) {
				SafetensorsWriter.Floats t = this.tensors.get(name);
				writer.f32(name, t.shape(), t.values());
				weightMap.addProperty(name, file);
				totalSize += 4L * t.values().length;
			}
			writer.write(folder.resolve(file));
		}
		JsonObject index = new JsonObject();
		JsonObject metadata = new JsonObject();
		metadata.addProperty("total_size", totalSize);
		index.add("metadata", metadata);
		index.add("weight_map", weightMap);
		Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
		assertThat(folder.resolve("model.safetensors")).doesNotExist();

		long[][] tokens = SafetensorsFileTest.inputIds(this.reference);
		float[] sharded = SafetensorsFileTest.logits(folder, tokens);
		SafetensorsFileTest.assertAllFinite("sharded logits", sharded);
		SafetensorsFileTest.assertIdentical("sharded vs single-file logits", sharded,
				SafetensorsFileTest.logits(this.reference, tokens));
		try (HookedAutoModel single = HookedAutoModel.load(this.reference, CPU);
				HookedAutoModel split = HookedAutoModel.load(folder, CPU)) {
			assertThat(split.parameterCount()).isEqualTo(single.parameterCount());
		}
	}

	@Test
	void anUnalteredCopyLoads() throws IOException {
		Path folder = copy("copy", null, null, null);
		assertThatNoException().isThrownBy(() -> HookedAutoModel.load(folder, CPU).close());
	}

	@Test
	void missingTensorIsRefusedNamingIt() throws IOException {
		Path folder = copy("missing", "transformer.h.1.mlp.c_fc.bias", null, null);
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("'transformer.h.1.mlp.c_fc.bias'")
			.hasMessageContaining("no tensor");
	}

	@Test
	void misshapenTensorIsRefusedNamingItAndBothShapes() throws IOException {
		Path folder = copy("misshapen", "transformer.wte.weight",
				new SafetensorsWriter.Floats(new long[] { 255, 64 }, new float[255 * 64]), null);
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("'transformer.wte.weight'")
			.hasMessageContaining("(255, 64)")
			.hasMessageContaining("(256, 64)");
	}

	@Test
	void extraTensorIsRefusedAsNotUsedByTheConversion() throws IOException {
		Path folder = copy("extra", null, null, "transformer.h.0.attn.rotary_whatever");
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("not used by the conversion")
			.hasMessageContaining("transformer.h.0.attn.rotary_whatever");
	}

	@Test
	void indexListingATensorItsShardLacksIsRefusedNamingBoth() throws IOException {
		Path folder = folder("bad-index");
		SafetensorsWriter writer = new SafetensorsWriter();
		this.tensors.forEach((name, t) -> writer.f32(name, t.shape(), t.values()));
		writer.write(folder.resolve("model-00001-of-00001.safetensors"));
		JsonObject weightMap = new JsonObject();
		this.tensors.keySet().forEach(name -> weightMap.addProperty(name, "model-00001-of-00001.safetensors"));
		weightMap.addProperty("lm_head.weight", "model-00001-of-00001.safetensors");
		JsonObject index = new JsonObject();
		index.add("weight_map", weightMap);
		Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("'lm_head.weight'")
			.hasMessageContaining("model-00001-of-00001.safetensors");
	}

	@Test
	void indexPointingOutsideItsDirectoryIsRefused() throws IOException {
		Path folder = folder("escaping-index");
		SafetensorsWriter writer = new SafetensorsWriter();
		this.tensors.forEach((name, t) -> writer.f32(name, t.shape(), t.values()));
		writer.write(this.dir.resolve("outside.safetensors"));
		JsonObject weightMap = new JsonObject();
		this.tensors.keySet().forEach(name -> weightMap.addProperty(name, "../outside.safetensors"));
		JsonObject index = new JsonObject();
		index.add("weight_map", weightMap);
		Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("points outside its directory")
			.hasMessageContaining("../outside.safetensors");
	}

	@Test
	void directoryWithoutWeightsIsRefused() throws IOException {
		Path folder = folder("empty");
		assertThatThrownBy(() -> HookedAutoModel.load(folder, CPU)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("neither model.safetensors nor model.safetensors.index.json");
	}

	/**
	 * A single-file copy of gpt2 in which {@code changed} is replaced by
	 * {@code replacement} (or removed when that is null), plus a tensor {@code extra} of
	 * four zeros if given.
	 */
	private Path copy(String name, String changed, SafetensorsWriter.Floats replacement, String extra)
			throws IOException {
		Path folder = folder(name);
		SafetensorsWriter writer = new SafetensorsWriter();
		boolean found = changed == null;
		for (Map.Entry<String, SafetensorsWriter.Floats> e : this.tensors.entrySet()) {
			if (e.getKey().equals(changed)) {
				found = true;
				if (replacement != null) {
					writer.f32(e.getKey(), replacement.shape(), replacement.values());
				}
				continue;
			}
			writer.f32(e.getKey(), e.getValue().shape(), e.getValue().values());
		}
		assertThat(found).as("gpt2 has tensor " + changed).isTrue();
		if (extra != null) {
			writer.f32(extra, new long[] { 4 }, new float[4]);
		}
		writer.write(folder.resolve("model.safetensors"));
		return folder;
	}

	private Path folder(String name) throws IOException {
		Path folder = Files.createDirectory(this.dir.resolve(name));
		Files.copy(this.reference.resolve("config.json"), folder.resolve("config.json"));
		return folder;
	}

}
