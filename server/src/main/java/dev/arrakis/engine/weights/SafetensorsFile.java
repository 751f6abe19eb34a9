package dev.arrakis.engine.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.arrakis.engine.ModelLoadException;

/**
 * One {@code .safetensors} file. The header is read once; each tensor is memory-mapped on
 * its own with {@link FileChannel.MapMode#PRIVATE}, so an in-place operation copies a
 * page instead of writing to (or faulting on) the file. F32, F16 and I64 tensors are
 * handed to DJL without a copy; BF16 is widened to F32 in Java because DJL 0.36 aborts
 * the JVM on any BF16 tensor.
 */
public final class SafetensorsFile {

	private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

	private final Path path;

	private final long dataStart;

	private final Map<String, Entry> entries;

	private final List<MappedByteBuffer> mappings = new ArrayList<>();

	private SafetensorsFile(Path path, long dataStart, Map<String, Entry> entries) {
		this.path = path;
		this.dataStart = dataStart;
		this.entries = entries;
	}

	/** The stored type, shape and byte range of one tensor. */
	public record Entry(String name, String dtype, Shape shape, long begin, long end) {
	}

	public static SafetensorsFile open(Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, 0, path);
			long headerLength = lengthBytes.flip().getLong();
			if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > channel.size()) {
				throw new ModelLoadException("%s: header length %d is not valid".formatted(path, headerLength));
			}
			ByteBuffer header = ByteBuffer.allocate((int) headerLength);
			readFully(channel, header, 8, path);
			JsonObject json = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8))
				.getAsJsonObject();
			long dataStart = 8 + headerLength;
			long dataLength = channel.size() - dataStart;
			Map<String, Entry> entries = new LinkedHashMap<>();
			for (Map.Entry<String, JsonElement> e : json.entrySet()) {
				if (e.getKey().equals("__metadata__")) {
					continue;
				}
				entries.put(e.getKey(), entry(path, e.getKey(), e.getValue().getAsJsonObject(), dataLength));
			}
			return new SafetensorsFile(path, dataStart, Collections.unmodifiableMap(entries));
		}
		catch (IllegalStateException | com.google.gson.JsonParseException ex) {
			throw new ModelLoadException("%s: malformed safetensors header: %s".formatted(path, ex.getMessage()), ex);
		}
	}

	public Path path() {
		return this.path;
	}

	public Map<String, Entry> entries() {
		return this.entries;
	}

	/**
	 * Maps a tensor into {@code manager}. Floating types come back as F32 or F16 as
	 * stored (BF16 as F32); integer types as stored.
	 */
	public NDArray load(String name, NDManager manager) throws IOException {
		Entry entry = this.entries.get(name);
		if (entry == null) {
			throw new ModelLoadException("%s has no tensor '%s'".formatted(this.path, name));
		}
		ByteBuffer bytes = map(entry);
		return switch (entry.dtype()) {
			case "F32" -> manager.create(bytes, entry.shape(), DataType.FLOAT32);
			case "F16" -> manager.create(bytes, entry.shape(), DataType.FLOAT16);
			case "BF16" -> manager.create(widenBf16(bytes), entry.shape(), DataType.FLOAT32);
			case "I64" -> manager.create(bytes, entry.shape(), DataType.INT64);
			case "I32" -> manager.create(bytes, entry.shape(), DataType.INT32);
			default -> throw new ModelLoadException("%s: tensor '%s' has dtype %s; supported: F32, F16, BF16, I64, I32"
				.formatted(this.path, name, entry.dtype()));
		};
	}

	/**
	 * A private (copy-on-write) mapping: Java only grants one on a channel opened for
	 * writing, though nothing is ever written to the file. A file this process may not
	 * open for writing is read into a direct buffer instead, never mapped read-only: an
	 * in-place operation on a read-only mapping kills the JVM.
	 */
	private ByteBuffer map(Entry entry) throws IOException {
		long position = this.dataStart + entry.begin();
		int length = Math.toIntExact(entry.end() - entry.begin());
		if (Files.isWritable(this.path)) {
			try (FileChannel channel = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
				MappedByteBuffer mapping = channel.map(FileChannel.MapMode.PRIVATE, position, length);
				synchronized (this.mappings) {
					this.mappings.add(mapping);
				}
				return mapping.order(ByteOrder.LITTLE_ENDIAN);
			}
		}
		try (FileChannel channel = FileChannel.open(this.path, StandardOpenOption.READ)) {
			ByteBuffer copy = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, copy, position, this.path);
			return copy.flip();
		}
	}

	/**
	 * Unmaps every tensor this file mapped, now rather than at some later garbage
	 * collection, so that a loaded model's footprint is its weights alone as soon as
	 * loading returns. Only call it once no array made from a mapping is alive (the
	 * loader's scope has closed): touching an unmapped tensor kills the JVM.
	 */
	public void releaseMappings() {
		synchronized (this.mappings) {
			this.mappings.forEach(Unmapper::unmap);
			this.mappings.clear();
		}
	}

	/** BF16 is the top half of an IEEE float32, so widening is a 16-bit shift. */
	static ByteBuffer widenBf16(ByteBuffer bf16) {
		ShortBuffer halves = bf16.asShortBuffer();
		ByteBuffer out = ByteBuffer.allocateDirect(halves.remaining() * 4).order(ByteOrder.nativeOrder());
		while (halves.hasRemaining()) {
			out.putInt((halves.get() & 0xFFFF) << 16);
		}
		return out.flip();
	}

	private static Entry entry(Path path, String name, JsonObject json, long dataLength) {
		String dtype = json.get("dtype").getAsString();
		long[] shape = new long[json.getAsJsonArray("shape").size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = json.getAsJsonArray("shape").get(i).getAsLong();
		}
		long begin = json.getAsJsonArray("data_offsets").get(0).getAsLong();
		long end = json.getAsJsonArray("data_offsets").get(1).getAsLong();
		long expected = Arrays.stream(shape).reduce(1, Math::multiplyExact) * bytesPer(path, name, dtype);
		if (begin < 0 || end > dataLength || end - begin != expected) {
			throw new ModelLoadException("%s: tensor '%s' (%s %s) has byte range [%d, %d) but needs %d bytes within %d"
				.formatted(path, name, dtype, Arrays.toString(shape), begin, end, expected, dataLength));
		}
		return new Entry(name, dtype, new Shape(shape), begin, end);
	}

	private static int bytesPer(Path path, String name, String dtype) {
		return switch (dtype) {
			case "F64", "I64" -> 8;
			case "F32", "I32" -> 4;
			case "F16", "BF16", "I16" -> 2;
			case "I8", "U8", "BOOL" -> 1;
			default ->
				throw new ModelLoadException("%s: tensor '%s' has unknown dtype %s".formatted(path, name, dtype));
		};
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path path) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int n = channel.read(buffer, at);
			if (n < 0) {
				throw new ModelLoadException(path + " ends before its safetensors header does");
			}
			at += n;
		}
	}

}
