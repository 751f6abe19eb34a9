package dev.arrakis.engine.weights;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.ModelLoadException;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading safetensors files: BF16 widening, half-precision checkpoints end to end, and
 * malformed headers. Checkpoints are altered copies of the Hugging Face reference llama
 * written to a temporary directory.
 */
class SafetensorsFileTest {

	/** BF16 bit pattern -> the float32 bit pattern it must widen to. */
	private static final int[][] BF16_CASES = { { 0x3F80, 0x3F800000 }, // 1.0
			{ 0xC020, 0xC0200000 }, // -2.5
			{ 0x0001, 0x00010000 }, // smallest subnormal, 2^-133
			{ 0x0080, 0x00800000 }, // smallest normal
			{ 0x7F7F, 0x7F7F0000 }, // largest finite, about 3.39e38
			{ 0x7F80, 0x7F800000 }, // +inf
			{ 0xFF80, 0xFF800000 }, // -inf
			{ 0x8000, 0x80000000 }, // -0.0
			{ 0x7FC0, 0x7FC00000 }, // quiet NaN
	};

	@TempDir
	Path dir;

	@Test
	void bf16WideningIsExactForKnownBitPatterns() {
		ByteBuffer bf16 = ByteBuffer.allocate(BF16_CASES.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		for (int[] c : BF16_CASES) {
			bf16.putShort((short) c[0]);
		}
		ByteBuffer widened = SafetensorsFile.widenBf16(bf16.flip());
		assertThat(widened.remaining()).isEqualTo(BF16_CASES.length * 4);
		for (int[] c : BF16_CASES) {
			assertThat(Integer.toHexString(widened.getInt())).as("bf16 0x%04X", c[0])
				.isEqualTo(Integer.toHexString(c[1]));
		}
	}

	@Test
	void bf16TensorInAFileLoadsAsTheWidenedFloat32Bits() throws IOException {
		byte[] data = new byte[BF16_CASES.length * 2];
		ByteBuffer bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		for (int[] c : BF16_CASES) {
			bytes.putShort((short) c[0]);
		}
		Path file = new SafetensorsWriter().raw("t", "BF16", new long[] { 3, 3 }, data)
			.write(this.dir.resolve("t.safetensors"));
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray loaded = SafetensorsFile.open(file).load("t", manager);
			assertThat(loaded.getDataType()).isEqualTo(DataType.FLOAT32);
			assertThat(loaded.getShape()).isEqualTo(new Shape(3, 3));
			float[] values = loaded.toFloatArray();
			for (int i = 0; i < BF16_CASES.length; i++) {
				assertThat(Integer.toHexString(Float.floatToRawIntBits(values[i]))).as("bf16 0x%04X", BF16_CASES[i][0])
					.isEqualTo(Integer.toHexString(BF16_CASES[i][1]));
			}
		}
	}

	@Test
	void i64TensorLoadsExactly() throws IOException {
		long[] values = { Long.MIN_VALUE, -1, 0, 1, 1L << 53 | 1, Long.MAX_VALUE };
		Path file = new SafetensorsWriter().i64("ids", new long[] { 2, 3 }, values)
			.write(this.dir.resolve("ids.safetensors"));
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray loaded = SafetensorsFile.open(file).load("ids", manager);
			assertThat(loaded.getDataType()).isEqualTo(DataType.INT64);
			assertThat(loaded.getShape()).isEqualTo(new Shape(2, 3));
			assertThat(loaded.toLongArray()).containsExactly(values);
		}
	}

	@Test
	void bf16CheckpointGivesExactlyTheLogitsOfItsFloat32Widening() throws IOException {
		assertHalfCheckpointMatchesItsWidening("BF16", SafetensorsWriter::roundToBf16);
	}

	@Test
	void f16CheckpointGivesExactlyTheLogitsOfItsFloat32Widening() throws IOException {
		assertHalfCheckpointMatchesItsWidening("F16", SafetensorsWriter::roundToF16);
	}

	/**
	 * Rounds every llama weight to {@code dtype} once; writes those values as
	 * {@code dtype} and, widened, as F32; both checkpoints must give bit-identical
	 * logits, and different ones from the unrounded original (so rounding happened).
	 */
	private void assertHalfCheckpointMatchesItsWidening(String dtype, UnaryOperator<Float> round) throws IOException {
		Path reference = resource("hf-reference/llama");
		Map<String, SafetensorsWriter.Floats> original = SafetensorsWriter
			.readFloats(reference.resolve("model.safetensors"));
		SafetensorsWriter half = new SafetensorsWriter();
		SafetensorsWriter widened = new SafetensorsWriter();
		int changed = 0;
		for (Map.Entry<String, SafetensorsWriter.Floats> e : original.entrySet()) {
			float[] values = e.getValue().values();
			float[] rounded = new float[values.length];
			for (int i = 0; i < values.length; i++) {
				rounded[i] = round.apply(values[i]);
				changed += rounded[i] != values[i] ? 1 : 0;
			}
			if (dtype.equals("BF16")) {
				half.bf16(e.getKey(), e.getValue().shape(), rounded);
			}
			else {
				half.f16(e.getKey(), e.getValue().shape(), rounded);
			}
			widened.f32(e.getKey(), e.getValue().shape(), rounded);
		}
		assertThat(changed).as("weights changed by rounding to " + dtype).isPositive();
		Path halfDir = checkpoint("half", reference, half);
		Path widenedDir = checkpoint("widened", reference, widened);
		assertThat(SafetensorsFile.open(halfDir.resolve("model.safetensors")).entries().values())
			.allSatisfy(entry -> assertThat(entry.dtype()).isEqualTo(dtype));
		long[][] tokens = inputIds(reference);
		float[] fromHalf = logits(halfDir, tokens);
		float[] fromWidened = logits(widenedDir, tokens);
		float[] fromOriginal = logits(reference, tokens);
		assertAllFinite(dtype + " logits", fromHalf);
		assertIdentical(dtype + " checkpoint vs its F32 widening", fromHalf, fromWidened);
		assertThat(fromHalf).as(dtype + " logits differ from the unrounded checkpoint's").isNotEqualTo(fromOriginal);
	}

	@Test
	void headerLengthBeyondTheFileIsRefusedNamingTheFile() throws IOException {
		Path file = this.dir.resolve("long-header.safetensors");
		byte[] header = "{}      ".getBytes(StandardCharsets.UTF_8);
		Files.write(file,
				ByteBuffer.allocate(8 + header.length)
					.order(ByteOrder.LITTLE_ENDIAN)
					.putLong(1_000_000)
					.put(header)
					.array());
		assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("header length 1000000");
	}

	@Test
	void headerLengthAboveTheLimitIsRefusedBeforeAllocating() throws IOException {
		Path file = this.dir.resolve("huge-header.safetensors");
		Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
		assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("header length " + Long.MAX_VALUE);
	}

	@Test
	void byteRangeShorterThanTheShapeNeedsIsRefusedNamingTheTensor() throws IOException {
		// [2, 3] F32 needs 24 bytes; 20 are given.
		Path file = new SafetensorsWriter().f32("fine", new long[] { 2 }, new float[] { 1, 2 })
			.raw("model.norm.weight", "F32", new long[] { 2, 3 }, new byte[20])
			.write(this.dir.resolve("short.safetensors"));
		assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("'model.norm.weight'")
			.hasMessageContaining("needs 24 bytes")
			.hasMessageNotContaining("'fine'");
	}

	@Test
	void byteRangeBeyondTheEndOfTheDataIsRefusedNamingTheTensor() throws IOException {
		Path file = this.dir.resolve("truncated.safetensors");
		new SafetensorsWriter().f32("a", new long[] { 4 }, new float[] { 1, 2, 3, 4 })
			.f32("b", new long[] { 4 }, new float[] { 5, 6, 7, 8 })
			.write(file);
		byte[] whole = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(whole, whole.length - 4));
		assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("'b'");
	}

	@Test
	void loadingACheckpointWithABadByteRangeNamesTheTensor() throws IOException {
		Path reference = resource("hf-reference/llama");
		SafetensorsWriter writer = new SafetensorsWriter();
		SafetensorsWriter.readFloats(reference.resolve("model.safetensors")).forEach((name, t) -> {
			if (name.equals("model.layers.1.mlp.up_proj.weight")) {
				writer.raw(name, "F32", t.shape(), new byte[t.values().length * 4 - 4]);
			}
			else {
				writer.f32(name, t.shape(), t.values());
			}
		});
		Path broken = checkpoint("broken", reference, writer);
		assertThatThrownBy(() -> HookedAutoModel.load(broken, new LoadOptions(DType.FLOAT32, "cpu")))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("'model.layers.1.mlp.up_proj.weight'")
			.hasMessageContaining("model.safetensors");
	}

	private Path checkpoint(String name, Path reference, SafetensorsWriter writer) throws IOException {
		Path folder = Files.createDirectory(this.dir.resolve(name));
		Files.copy(reference.resolve("config.json"), folder.resolve("config.json"));
		writer.write(folder.resolve("model.safetensors"));
		return folder;
	}

	static float[] logits(Path folder, long[][] tokens) throws IOException {
		try (HookedAutoModel model = HookedAutoModel.load(folder, new LoadOptions(DType.FLOAT32, "cpu"));
				RunResult run = model.runWithHooks(ModelInput.of(tokens), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

	static long[][] inputIds(Path reference) throws IOException {
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray ids = SafetensorsFile.open(reference.resolve("reference.safetensors")).load("input_ids", manager);
			int rows = (int) ids.getShape().get(0);
			int columns = (int) ids.getShape().get(1);
			long[] flat = ids.toLongArray();
			long[][] tokens = new long[rows][columns];
			for (int r = 0; r < rows; r++) {
				System.arraycopy(flat, r * columns, tokens[r], 0, columns);
			}
			return tokens;
		}
	}

	static void assertAllFinite(String label, float[] values) {
		long nonFinite = IntStream.range(0, values.length).filter(i -> !Float.isFinite(values[i])).count();
		assertThat(nonFinite).as("%s: non-finite elements of %d", label, values.length).isZero();
	}

	/**
	 * Bit-for-bit equality (atol 0), reporting how many elements differ and the first
	 * one.
	 */
	static void assertIdentical(String label, float[] got, float[] reference) {
		assertThat(got).as(label + " length").hasSameSizeAs(reference);
		int differing = 0;
		int first = -1;
		for (int i = 0; i < got.length; i++) {
			if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(reference[i])) {
				differing++;
				first = first < 0 ? i : first;
			}
		}
		assertThat(differing)
			.as("%s: %d of %d elements differ; first at %d (got %s, ref %s)", label, differing, got.length, first,
					first < 0 ? "-" : got[first], first < 0 ? "-" : reference[first])
			.isZero();
	}

	static Path resource(String folder) {
		try {
			return Paths.get(SafetensorsFileTest.class.getClassLoader().getResource(folder).toURI());
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new IllegalStateException("test resource folder missing: " + folder, ex);
		}
	}

}
